"""Reading what a client still sends after its body was refused, before the answer.

An oversize body is answered 413 without being read, and the connection closed. A
client that is still sending (most send the whole body before they read) would then
meet a reset: the server's kernel answers data that arrives on a closed socket with
RST, and the 413 waiting in the client's buffer is lost with the connection. So under
ASGI, where waiting costs no thread, the adapter first reads and discards what keeps
coming: while it comes (a client quiet for `IDLE` seconds is answered at once), for at
most `SECONDS` and `BYTES` in all. Past those bounds the answer goes out regardless;
the refusal never waits for a body's end. WSGI servers do not linger: there a thread
would wait.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

BYTES = 64 * 1024 * 1024
SECONDS = 2.0
IDLE = 0.25


async def linger(receive: Callable[[], Awaitable[MutableMapping[str, Any]]]) -> None:
    """Read and discard the rest of the request body within the bounds above."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SECONDS
    read = 0
    while read < BYTES:
        left = deadline - loop.time()
        if left <= 0:
            return
        try:
            message = await asyncio.wait_for(receive(), min(IDLE, left))
        except TimeoutError:
            return
        if message.get("type") != "http.request":
            return  # the client went away
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            return
