"""Real servers for tests: each on its own free port on 127.0.0.1, started together,
ready when `session/` answers, always stopped (their output kept in a log file)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
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
            wait_until_up(proc, urls[name] + "session/", logs / f"{name}.log")
        yield urls
