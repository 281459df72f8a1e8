"""The Django backend: the server cache kept in one of the project's own `CACHES`
(`MIZAN_CACHE_BACKEND = "alias"`), for projects that already run Memcached, Redis or a
database cache through Django. Failures of that cache are misses and warnings, as with
the Redis backend."""

from __future__ import annotations

import logging
import time
from typing import Any

from mizan_spec.runtime.server_cache.backend import pack, unpack

log = logging.getLogger("mizan_spec.runtime")


class DjangoCacheBackend:
    def __init__(self, alias: str = "default") -> None:
        from django.core.cache import caches

        self.alias = alias
        self.cache: Any = caches[alias]

    def _warn(self, action: str, err: Exception) -> None:
        log.warning("mizan server cache: Django cache %r failed to %s (%s)", self.alias, action,
                    type(err).__name__)

    def get(self, key: str) -> bytes | None:
        try:
            value = self.cache.get(key)
        except Exception as err:
            self._warn("read an entry", err)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes, ttl: int) -> None:
        try:
            self.cache.set(key, value, timeout=ttl)
        except Exception as err:
            self._warn("store an entry", err)

    def generation(self, key: str) -> int | None:
        try:
            self.cache.add(key, time.time_ns() // 1000, timeout=None)
            value = self.cache.get(key)
            return int(value) if value is not None else None
        except Exception as err:
            self._warn("read a generation", err)
            return None

    def read(self, gen_key: str, entry_key: str) -> tuple[int, bytes | None] | None:
        generation = self.generation(gen_key)
        if generation is None:
            return None
        return generation, unpack(generation, self.get(entry_key))

    def write(self, gen_key: str, generation: int, entry_key: str, value: bytes,
              ttl: int) -> None:
        """Versioned, though not atomic in every Django cache: a bump between the check
        and the set leaves an entry of the old generation, which `read` never counts."""
        if self.generation(gen_key) == generation:
            self.set(entry_key, pack(generation, value), ttl)

    def bump(self, key: str) -> int | None:
        try:
            self.cache.add(key, time.time_ns() // 1000, timeout=None)
            return int(self.cache.incr(key))
        except Exception as err:
            self._warn("invalidate", err)
            return None
