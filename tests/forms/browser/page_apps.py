"""The forms test app with the browser test's page, one origin: the protocol under
/api/mizan/ and the page at / and /app.js (from $MIZAN_PAGE_DIR), on FastAPI
(`fastapi_app`, uvicorn) and on Django with Django forms (`django_wsgi`, gunicorn)."""

from __future__ import annotations

import os
from pathlib import Path

PAGE = Path(os.environ.get("MIZAN_PAGE_DIR", "."))


def page_file(name: str) -> bytes:
    return (PAGE / name).read_bytes()
