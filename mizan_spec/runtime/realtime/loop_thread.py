"""The event loop a hub runs sync code's work on when its process serves no sockets.

Sync code publishes (`registry.publish`), signs users out and sends live invalidations
through the hub's coroutines. Where the process serves sockets, they run on that loop.
Where it does not (Django under WSGI, which serves HTTP while ASGI processes on the same
Redis serve the sockets, or any process before its first socket), they run here: one
loop on one daemon thread per hub, started on first use, so that the connections its
stores open stay usable from one request to the next, instead of a new loop per call
whose connections die with it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any

TIMEOUT = 30.0
"""How long a sync caller waits for the work (the stores' own timeouts are far shorter)."""


class LoopThread:
    """An event loop on a daemon thread of its own; `run` waits for a coroutine there."""

    def __init__(self, name: str = "mizan-realtime") -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def _started(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name=self.name, daemon=True).start()
                self._loop = loop
            return self._loop

    def run(self, make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        """Run `make()` on the loop and return its result (or raise its error)."""
        return asyncio.run_coroutine_threadsafe(make(), self._started()).result(TIMEOUT)
