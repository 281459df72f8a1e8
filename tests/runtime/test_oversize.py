"""An oversize body is answered at once and costs the server nothing afterwards.

Clients that declare (or start streaming) a body over the limit and then go quiet get
413 without the server waiting for the rest, with `Connection: close`, and the server
keeps answering others: on gunicorn's four threads, more such clients than threads must
not stall `session/` (the adapter once read such bodies to their end, and four quiet
clients held every thread).
"""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import httpx
import pytest
from probes import LIMIT
from rawhttp import RawResponse, connect, head, read_response

SLOW_CLIENTS = 6
"""More than the 4 threads gunicorn runs in the tests."""


def _open(stack: ExitStack, url: str, headers: list[tuple[str, str]], body: bytes,
          ) -> socket.socket:
    sock, host, prefix = connect(url, timeout=5)
    stack.enter_context(sock)
    sock.sendall(head("POST", prefix + "call/", host, headers) + body)
    return sock


@pytest.mark.parametrize("backend", ["fastapi", "django-asgi", "django-wsgi"])
def test_quiet_oversize_clients_do_not_stall_the_server(servers: dict[str, str],
                                                        backend: str) -> None:
    url = servers[backend]
    declared = [("Content-Type", "application/json"), ("Content-Length", "1073741824")]
    with ExitStack() as stack:
        socks = [_open(stack, url, declared, b'{"function":') for _ in range(SLOW_CLIENTS)]
        started = time.monotonic()

        def answer(sock: socket.socket) -> RawResponse:
            """Read the answer, then hang up as `Connection: close` asks."""
            r = read_response(sock, started, watch_close=False)
            sock.close()
            return r

        with ThreadPoolExecutor(SLOW_CLIENTS) as pool:  # none of them sends the rest
            answers = list(pool.map(answer, socks))
        assert time.monotonic() - started < 4
        for r in answers:
            assert r.status == 413 and r.header("connection") == "close"
            assert b"payload_too_large" in r.body
        began = time.monotonic()
        session = httpx.get(url + "session/", timeout=4)
        assert session.status_code == 200
        assert time.monotonic() - began < 2


@pytest.mark.parametrize("backend", ["fastapi", "django-asgi", "django-wsgi"])
def test_streamed_body_is_refused_once_past_the_limit(servers: dict[str, str],
                                                      backend: str) -> None:
    """A chunked body that passes the limit and then stops, never ending, is 413 then."""
    url = servers[backend]
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(LIMIT // 65536 + 1))
    with ExitStack() as stack:
        sock = _open(stack, url, [("Content-Type", "application/json"),
                                  ("Transfer-Encoding", "chunked")], body)
        r = read_response(sock, time.monotonic())
        assert r.status == 413 and r.header("connection") == "close" and r.closed
        assert r.seconds < 3


LINGERED = 8 * 1024 * 1024
"""More than the kernel's socket buffers hold, so the server must read it for the client
to finish sending."""


@pytest.mark.parametrize("backend", ["fastapi", "django-asgi"])
def test_a_client_still_sending_reads_the_413(servers: dict[str, str], backend: str) -> None:
    """A client that sends its whole oversize body before it reads (as most HTTP clients
    and browsers do) reads the 413, not a reset: an ASGI server reads and discards what
    keeps coming, while it comes, up to a bound, before it answers and closes."""
    url = servers[backend]
    sock, host, prefix = connect(url, timeout=5)
    with sock:
        sock.sendall(head("POST", prefix + "call/", host,
                          [("Content-Type", "application/json"),
                           ("Content-Length", str(LINGERED))]) + b" " * LINGERED)
        r = read_response(sock, time.monotonic())
    assert r.status == 413 and r.header("connection") == "close" and r.closed
    assert b"payload_too_large" in r.body
