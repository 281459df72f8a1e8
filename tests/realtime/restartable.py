"""Server processes of the realtime test app that a test kills, restarts, pauses and
resumes while clients stay connected to them: the listening socket belongs to the test
process, so a restarted server serves the same port (connections made while it was
down wait in the socket's backlog and are served when it is back; `down()` closes the
socket too, so that they are refused until `up()`), and the app's
groups, sequences and history live in a real Redis shared by every process of the
pair, so they outlive a restart (`pair`)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.realtime.conftest import BACKENDS, HERE, app_env
from tests.servers import listening_socket, serve_command, wait_until_up


class Server:
    """One uvicorn process of a backend on a port the test process holds."""

    def __init__(self, backend: str, env: dict[str, str], log: Path) -> None:
        self.kind, self.target = BACKENDS[backend]
        self.env = env
        self.log = log
        self.sock = listening_socket()
        self.url = f"http://127.0.0.1:{int(self.sock.getsockname()[1])}/api/mizan/"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                serve_command(self.kind, self.target, self.sock.fileno()), cwd=HERE,
                env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT,
                pass_fds=(self.sock.fileno(),))
        wait_until_up(self.proc, self.url + "session/", self.log)

    def kill(self) -> None:
        """Kill the process (by its PID): its sockets drop without a close frame."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def restart(self) -> None:
        self.kill()
        self.start()

    def down(self) -> None:
        """Kill the process and stop listening: connecting is refused until `up()`."""
        self.kill()
        self.sock.close()

    def up(self) -> None:
        """Listen on the same port again and start the process."""
        port = int(self.url.split(":")[2].split("/")[0])
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(128)
        self.sock.set_inheritable(True)
        self.start()

    def pause(self) -> None:
        """Stop the process (SIGSTOP): its sockets stay open and nothing answers."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.resume()
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.sock.close()


@contextmanager
def pair(backend: str, redis_url: str, logs: Path, **env: str) -> Iterator[tuple[Server, Server]]:
    """Two running processes of `backend` on one Redis (extra `env` for the app, e.g.
    RT_HEARTBEAT); both are stopped at the end."""
    with ExitStack() as stack:
        servers = []
        for side in ("a", "b"):
            server = Server(backend, app_env(RT_REDIS_URL=redis_url, **env),
                            logs / f"{backend}-{side}.log")
            stack.callback(server.close)
            servers.append(server)
        for server in servers:
            server.start()
        yield servers[0], servers[1]
