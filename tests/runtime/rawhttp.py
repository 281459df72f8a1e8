"""HTTP/1.1 over a bare socket, for requests httpx will not send (a lowercase method,
a repeated header, a declared body that never comes) and for watching the connection.
"""

from __future__ import annotations

import contextlib
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    closed: bool | None
    """The server closed the connection after this response (None: not watched)."""
    seconds: float
    """From the last byte sent to the end of the response."""

    def header(self, name: str) -> str | None:
        found = [v for k, v in self.headers if k.lower() == name.lower()]
        return ", ".join(found) if found else None


def connect(base: str, timeout: float = 10) -> tuple[socket.socket, str, str]:
    """A connected socket, the Host header value, and the base path (`/api/mizan/`)."""
    url = urlsplit(base)
    sock = socket.create_connection((url.hostname or "127.0.0.1", url.port or 80),
                                    timeout=timeout)
    return sock, url.netloc, url.path


def head(method: str, path: str, host: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}",
             *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunked(body: bytes, size: int = 4096) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size])
             for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def read_response(sock: socket.socket, started: float, watch_close: bool = True,
                  ) -> RawResponse:
    """One response (Content-Length or chunked framing), then, if `watch_close`, whether
    the server closes the connection within 2 seconds."""
    data = b""
    while b"\r\n\r\n" not in data:
        got = sock.recv(65536)
        if not got:
            raise ConnectionError(f"closed before a response: {data!r}")
        data += got
    raw_head, rest = data.split(b"\r\n\r\n", 1)
    lines = raw_head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = tuple((k.strip(), v.strip()) for k, v in
                    (line.split(":", 1) for line in lines[1:]))
    names = {k.lower(): v for k, v in headers}
    if "content-length" in names:
        length = int(names["content-length"])
        while len(rest) < length:
            got = sock.recv(65536)
            if not got:
                break
            rest += got
        body = rest[:length]
    elif names.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                rest += sock.recv(65536)
            size_line, rest = rest.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(rest) < size + 2:
                rest += sock.recv(65536)
            body, rest = body + rest[:size], rest[size + 2:]
            if size == 0:
                break
    else:
        body = rest
    seconds = time.monotonic() - started
    return RawResponse(status, headers, body, _closed(sock) if watch_close else None, seconds)


def _closed(sock: socket.socket) -> bool:
    sock.settimeout(2)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionError:
        return True


def exchange(base: str, method: str, path: str, headers: list[tuple[str, str]],
             body: bytes = b"", timeout: float = 10, watch_close: bool = True,
             ) -> RawResponse:
    """Send one request (path relative to the base path) and read its response."""
    sock, host, prefix = connect(base, timeout)
    with sock:
        # the server may answer and close before taking it all: read the answer anyway
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head(method, prefix + path, host, headers) + body)
        return read_response(sock, time.monotonic(), watch_close)
