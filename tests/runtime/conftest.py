"""Session fixtures: the shared test app served over real HTTP on 127.0.0.1 by
FastAPI (uvicorn), Django ASGI (uvicorn) and Django WSGI (gunicorn, sync worker)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BACKENDS = {
    "fastapi": ["-m", "uvicorn", "mizan_fastapi_app:app"],
    "django-asgi": ["-m", "uvicorn", "mizan_django_app:asgi_app"],
    "django-wsgi": ["-m", "gunicorn", "mizan_django_app:wsgi_app", "--workers", "1",
                    "--threads", "4"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _command(name: str, port: int) -> list[str]:
    args = [sys.executable, *BACKENDS[name]]
    if "uvicorn" in args:
        return [*args, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return [*args, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]


def _wait(proc: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early: {url}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server did not come up: {url}")


@pytest.fixture(scope="session")
def server_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory holding each server's stderr (its log), one file per backend."""
    return tmp_path_factory.mktemp("server-logs")


@pytest.fixture(scope="session")
def servers(server_logs: Path) -> Iterator[dict[str, str]]:
    """Base URLs (ending in /api/mizan/) of every backend, started once per session."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    logs = []
    urls: dict[str, str] = {}
    try:
        for name in BACKENDS:
            port = free_port()
            log = (server_logs / f"{name}.log").open("wb")
            logs.append(log)
            procs[name] = subprocess.Popen(_command(name, port), cwd=HERE, env=env,
                                           stdout=log, stderr=subprocess.STDOUT)
            urls[name] = f"http://127.0.0.1:{port}/api/mizan/"
        for name, proc in procs.items():
            _wait(proc, urls[name] + "session/")
        yield urls
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()
