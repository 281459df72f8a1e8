"""Real servers for tests: each on its own port on 127.0.0.1, started together, ready
when `session/` answers, always stopped (their output kept in a log file).

`run_servers` binds each listening socket in the test process and hands it to the server
by file descriptor, so two servers can never be given one port (asking the kernel for a
free port and binding it later races with the next server's start)."""

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

_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A port free now and never handed out before by this process (for servers that
    must bind it themselves, such as redis-server)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def listening_socket() -> socket.socket:
    """A socket bound to a fresh port on 127.0.0.1 and listening, inheritable by a child."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    _HANDED_OUT.add(int(sock.getsockname()[1]))
    return sock


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


_UVICORN_ON_FD = """
import socket, sys, uvicorn
sys.path.insert(0, ".")
listening = socket.socket(fileno=int(sys.argv[2]))  # its family read from the socket
uvicorn.Server(uvicorn.Config(sys.argv[1], log_level="warning")).run(sockets=[listening])
"""


def serve_command(kind: str, target: str, fd: int) -> list[str]:
    """`kind` is uvicorn or gunicorn; `target` is module:attribute; `fd` is the listening
    socket the server inherits."""
    if kind == "uvicorn":
        # not `uvicorn --fd`: it takes the socket for a Unix one, so its connections
        # never get TCP_NODELAY and every keep-alive request waits for a delayed ACK
        return [sys.executable, "-c", _UVICORN_ON_FD, target, str(fd)]
    return [sys.executable, "-m", "gunicorn", target, "--workers", "1", "--threads", "4",
            "--bind", f"fd://{fd}", "--log-level", "warning"]


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
            sock = stack.enter_context(listening_socket())
            port = int(sock.getsockname()[1])
            procs[name] = subprocess.Popen(serve_command(kind, target, sock.fileno()),
                                           cwd=cwd, env={**os.environ, **env}, stdout=log,
                                           stderr=subprocess.STDOUT,
                                           pass_fds=(sock.fileno(),))
            urls[name] = f"http://127.0.0.1:{port}/{prefix}"
        for name, proc in procs.items():
            wait_until_up(proc, urls[name] + "session/", logs / f"{name}.log")
        yield urls
