"""Fixtures of the example tests: servers of the library example (generated FastAPI under
uvicorn, generated Django under uvicorn ASGI and gunicorn WSGI) on 127.0.0.1.

`free_port` and the start-up wait are small copies of tests/runtime/conftest.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
LIBRARY = EXAMPLES / "library"
RUNTIME_TESTS = ROOT / "tests" / "runtime"
FROZEN_NOW = "2025-03-14T09:30:00+00:00"
"""The library store's clock in every test server: answers are reproducible."""

for extra in (str(EXAMPLES), str(RUNTIME_TESTS)):
    if extra not in sys.path:
        sys.path.insert(0, extra)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early: {url}\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server did not come up: {url}\n{log.read_text()[-3000:]}")


def serve_command(kind: str, target: str, port: int) -> list[str]:
    """`kind` is uvicorn or gunicorn; `target` is module:attribute."""
    if kind == "uvicorn":
        return [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port",
                str(port), "--log-level", "warning"]
    return [sys.executable, "-m", "gunicorn", target, "--workers", "1", "--threads", "4",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]


ServerSpec = tuple[str, str, dict[str, str], Path]
"""(uvicorn or gunicorn, module:attribute, extra environment, working directory)."""


@contextmanager
def run_servers(specs: Mapping[str, ServerSpec], logs: Path,
                prefix: str = "api/mizan/") -> Iterator[dict[str, str]]:
    """Start every server at once, wait until each answers `session/`, yield
    name -> base URL, and always stop them (their output goes to `logs/<name>.log`)."""
    urls: dict[str, str] = {}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    with ExitStack() as stack:

        def stop() -> None:
            for proc in procs.values():
                proc.terminate()
            for proc in procs.values():
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()

        stack.callback(stop)
        for name, (kind, target, env, cwd) in specs.items():
            log = stack.enter_context((logs / f"{name}.log").open("wb"))
            port = free_port()
            procs[name] = subprocess.Popen(serve_command(kind, target, port), cwd=cwd,
                                           env={**os.environ, **env}, stdout=log,
                                           stderr=subprocess.STDOUT)
            urls[name] = f"http://127.0.0.1:{port}/{prefix}"
        for name, proc in procs.items():
            _wait(proc, urls[name] + "session/", logs / f"{name}.log")
        yield urls


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
