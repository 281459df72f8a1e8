"""The realtime test app served over real sockets on 127.0.0.1: FastAPI and Django
ASGI (Django Channels), both under uvicorn."""

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
    "fastapi": ("uvicorn", "rt_fastapi:app"),
    "django": ("uvicorn", "rt_django:asgi_app"),
}


def app_env(**extra: str) -> dict[str, str]:
    return {"PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])]), **extra}


@pytest.fixture(scope="session")
def rt_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Base URLs (http://…/api/mizan/) of both backends, started once per session."""
    specs: dict[str, ServerSpec] = {name: (kind, target, app_env(), HERE)
                                    for name, (kind, target) in BACKENDS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("rt-logs")) as urls:
        yield urls
