"""The in-memory backend: one process's bounded LRU of entries (by count and by bytes),
with expiry, and its generation counters.

Generations live apart from entries and are never evicted by them; the counter table is
bounded too, and a counter that is dropped restarts from the clock in microseconds,
above anything it counted before, so an old entry can never become reachable again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from mizan_spec.runtime.server_cache.backend import pack, unpack

DEFAULT_MAX_ENTRIES = 10_000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_GENERATIONS = 100_000


class MemoryBackend:
    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES,
                 max_bytes: int = DEFAULT_MAX_BYTES,
                 max_generations: int = DEFAULT_MAX_GENERATIONS) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.max_generations = max_generations
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._generations: OrderedDict[str, int] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def size(self) -> tuple[int, int]:
        """(entries, bytes) held now."""
        with self._lock:
            return len(self._entries), self._bytes

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] <= time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return found[1]

    def set(self, key: str, value: bytes, ttl: int) -> None:
        cost = len(key) + len(value)
        if cost > self.max_bytes or self.max_entries < 1:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + ttl, value)
            self._bytes += cost
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        _, value = self._entries.pop(key)
        self._bytes -= len(key) + len(value)

    def generation(self, key: str) -> int:
        with self._lock:
            return self._counter(key)

    def read(self, gen_key: str, entry_key: str) -> tuple[int, bytes | None]:
        with self._lock:
            generation = self._counter(gen_key)
        return generation, unpack(generation, self.get(entry_key))

    def write(self, gen_key: str, generation: int, entry_key: str, value: bytes,
              ttl: int) -> None:
        with self._lock:
            if self._counter(gen_key) != generation:
                return  # a mutation came in between: the value may predate it
        self.set(entry_key, pack(generation, value), ttl)

    def bump(self, key: str) -> int:
        with self._lock:
            value = self._counter(key) + 1
            self._generations[key] = value
            return value

    def _counter(self, key: str) -> int:
        value = self._generations.get(key)
        if value is None:
            value = time.time_ns() // 1000
            self._generations[key] = value
            while len(self._generations) > self.max_generations:
                self._generations.popitem(last=False)
        else:
            self._generations.move_to_end(key)
        return value
