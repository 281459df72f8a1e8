"""Session fixture: the forms test apps served over real HTTP on 127.0.0.1 by FastAPI
(uvicorn), Django ASGI (uvicorn) and Django WSGI (gunicorn, sync worker)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import ServerSpec, run_servers

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BACKENDS: dict[str, tuple[str, str]] = {
    "fastapi": ("uvicorn", "forms_fastapi_app:app"),
    "django-asgi": ("uvicorn", "forms_django_app:asgi_app"),
    "django-wsgi": ("gunicorn", "forms_django_app:wsgi_app"),
}


@pytest.fixture(scope="session")
def form_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Base URLs (ending in /api/mizan/) of every backend, started once per session;
    the Django servers also serve Django's own forms (mixin, subclass) under
    /api/mixin/ and /api/sub/."""
    env = {"PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    specs: dict[str, ServerSpec] = {name: (kind, target, env, HERE)
                                    for name, (kind, target) in BACKENDS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("form-server-logs")) as urls:
        yield urls
