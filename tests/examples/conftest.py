"""Fixtures of the example tests: servers of the library example (generated FastAPI under
uvicorn, generated Django under uvicorn ASGI and gunicorn WSGI) on 127.0.0.1, started
with tests/servers.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import ServerSpec, run_servers

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
LIBRARY = EXAMPLES / "library"
RUNTIME_TESTS = ROOT / "tests" / "runtime"
FROZEN_NOW = "2025-03-14T09:30:00+00:00"
"""The library store's clock in every test server: answers are reproducible."""

for extra in (str(EXAMPLES), str(RUNTIME_TESTS)):
    if extra not in sys.path:
        sys.path.insert(0, extra)


def python_path(*dirs: Path) -> dict[str, str]:
    return {"PYTHONPATH": os.pathsep.join(str(d) for d in (*dirs, ROOT))}


@pytest.fixture(scope="session")
def library_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Django database holding the example's members (migrated once per session)."""
    db = tmp_path_factory.mktemp("library-db") / "db.sqlite3"
    env = {**os.environ, "LIBRARY_DJANGO_DB": str(db), **python_path(EXAMPLES)}
    manage = LIBRARY / "django_app" / "manage.py"
    for command in (["migrate", "-v0"], ["add_members"]):
        subprocess.run([sys.executable, str(manage), *command], check=True, env=env,
                       capture_output=True, timeout=120)
    return db


@pytest.fixture(scope="module")
def library_servers(library_db: Path, tmp_path_factory: pytest.TempPathFactory,
                    ) -> Iterator[dict[str, str]]:
    """The library example served three ways, each with a fresh store and database."""
    logs = tmp_path_factory.mktemp("library-logs")
    specs: dict[str, ServerSpec] = {}
    targets = {
        "fastapi": ("uvicorn", "library.fastapi_app.main:app"),
        "django-asgi": ("uvicorn", "library.django_app.asgi:application"),
        "django-wsgi": ("gunicorn", "library.django_app.wsgi:application"),
    }
    for name, (kind, target) in targets.items():
        db = logs / f"{name}.sqlite3"
        shutil.copyfile(library_db, db)
        env = {"LIBRARY_NOW": FROZEN_NOW, "LIBRARY_DJANGO_DB": str(db),
               **python_path(EXAMPLES)}
        specs[name] = (kind, target, env, EXAMPLES)
    with run_servers(specs, logs) as urls:
        yield urls
