"""Single flight: one computation per key at a time within a process; everyone else who
asks for that key meanwhile waits for its outcome (a value or the same exception)."""

from __future__ import annotations

import threading
from concurrent.futures import Future


class Flights:
    def __init__(self) -> None:
        self._running: dict[str, Future[bytes]] = {}
        self._lock = threading.Lock()

    def join(self, key: str) -> tuple[Future[bytes], bool]:
        """The flight for `key`, and whether the caller leads it (and must `land` it)."""
        with self._lock:
            running = self._running.get(key)
            if running is not None:
                return running, False
            future: Future[bytes] = Future()
            self._running[key] = future
            return future, True

    def land(self, key: str, future: Future[bytes], value: bytes | None,
             error: BaseException | None) -> None:
        """End the flight: waiters get `value`, or `error` raised."""
        with self._lock:
            self._running.pop(key, None)
        if error is not None:
            future.set_exception(error)
        else:
            assert value is not None
            future.set_result(value)
