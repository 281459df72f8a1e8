"""The realtime test app on FastAPI (uvicorn), with the browser page."""

from __future__ import annotations

from realtime_site import with_page
from rt_fastapi import app as api

app = with_page(api)
