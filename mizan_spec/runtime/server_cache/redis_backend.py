"""The Redis backend, through redis-py: entries and generations shared by every process
that uses the same Redis and secret.

A Redis that cannot be reached never fails a call: a read is a miss, a write is dropped,
and a warning is logged (at most once every `WARN_EVERY` seconds). While generations
cannot be read the cache is bypassed (the function runs, nothing is stored), so a Redis
that comes and goes can never pair an entry with a generation it was not made under.
A generation that starts (a key Redis does not hold, or lost) starts from the clock in
microseconds (exact in the doubles of Redis's Lua), above anything counted before.
After a failure, reads and writes leave Redis alone for `RETRY_AFTER` seconds (so a
Redis that is down costs one timeout a second, not one per call); invalidations always
try.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import redis
import redis.asyncio

from mizan_spec.runtime.server_cache.backend import pack, unpack

log = logging.getLogger("mizan_spec.runtime")
WARN_EVERY = 10.0
RETRY_AFTER = 1.0

# INCR from the clock when the counter is new: one round trip, atomic in Redis.
_BUMP = """
redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('INCR', KEYS[1])
"""
_READ = """
redis.call('SET', KEYS[1], ARGV[1], 'NX')
return {redis.call('GET', KEYS[1]), redis.call('GET', KEYS[2])}
"""
# The versioned write, atomic: only under the generation the value was computed in.
_WRITE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
    return 1
end
return 0
"""


class RedisBackend:
    def __init__(self, url: str, *, timeout: float = 0.5) -> None:
        self.url = url
        self.client: Any = redis.Redis.from_url(url, socket_timeout=timeout,
                                                socket_connect_timeout=timeout)
        self._timeout = timeout
        self._async: dict[int, Any] = {}  # a redis.asyncio client per event loop
        self._warned = 0.0
        self._down_until = 0.0

    def _down(self) -> bool:
        return time.monotonic() < self._down_until

    def _warn(self, action: str, err: Exception) -> None:
        now = time.monotonic()
        self._down_until = now + RETRY_AFTER
        if now - self._warned >= WARN_EVERY:
            self._warned = now
            log.warning("mizan server cache: Redis at %s failed to %s (%s); serving "
                        "without the cache", _safe_url(self.url), action, type(err).__name__)

    def get(self, key: str) -> bytes | None:
        if self._down():
            return None
        try:
            value = self.client.get(key)
        except redis.RedisError as err:
            self._warn("read an entry", err)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes, ttl: int) -> None:
        if self._down():
            return
        try:
            self.client.set(key, value, ex=ttl)
        except redis.RedisError as err:
            self._warn("store an entry", err)

    def read(self, gen_key: str, entry_key: str) -> tuple[int, bytes | None] | None:
        """One round trip: the generation (started if new) and the entry."""
        if self._down():
            return None
        try:
            found = self.client.eval(_READ, 2, gen_key, entry_key, time.time_ns() // 1000)
            generation = int(found[0])
        except (redis.RedisError, ValueError, TypeError, IndexError) as err:
            self._warn("read", err)
            return None
        stored = found[1] if len(found) > 1 and isinstance(found[1], bytes) else None
        return generation, unpack(generation, stored)

    # -- the same, for an event loop (redis.asyncio: the loop never waits on a socket) --

    def _aclient(self) -> Any:
        import asyncio

        loop = id(asyncio.get_running_loop())
        found = self._async.get(loop)
        if found is None:
            found = redis.asyncio.Redis.from_url(self.url, socket_timeout=self._timeout,
                                                 socket_connect_timeout=self._timeout)
            self._async = {loop: found}  # one loop at a time in practice (uvicorn)
        return found

    async def aread(self, gen_key: str, entry_key: str) -> tuple[int, bytes | None] | None:
        if self._down():
            return None
        try:
            found = await self._aclient().eval(_READ, 2, gen_key, entry_key,
                                               time.time_ns() // 1000)
            generation = int(found[0])
        except (redis.RedisError, OSError, ValueError, TypeError, IndexError) as err:
            self._warn("read", err)
            return None
        stored = found[1] if len(found) > 1 and isinstance(found[1], bytes) else None
        return generation, unpack(generation, stored)

    async def aread_many(self, keys: list[tuple[str, str]],
                         ) -> list[tuple[int, bytes | None]] | None:
        """`aread` of several (generation key, entry key) pairs in one round trip."""
        if self._down():
            return None
        try:
            pipe = self._aclient().pipeline(transaction=False)
            for gen_key, entry_key in keys:
                pipe.eval(_READ, 2, gen_key, entry_key, time.time_ns() // 1000)
            replies = await pipe.execute()
            out = []
            for found in replies:
                generation = int(found[0])
                stored = found[1] if len(found) > 1 and isinstance(found[1], bytes) else None
                out.append((generation, unpack(generation, stored)))
        except (redis.RedisError, OSError, ValueError, TypeError, IndexError) as err:
            self._warn("read", err)
            return None
        return out

    async def awrite(self, gen_key: str, generation: int, entry_key: str, value: bytes,
                     ttl: int) -> None:
        if self._down():
            return
        try:
            await self._aclient().eval(_WRITE, 2, gen_key, entry_key, str(generation),
                                       pack(generation, value), ttl)
        except (redis.RedisError, OSError) as err:
            self._warn("store an entry", err)

    async def abump(self, key: str) -> int | None:
        try:
            return int(await self._aclient().eval(_BUMP, 1, key, time.time_ns() // 1000))
        except (redis.RedisError, OSError, ValueError, TypeError) as err:
            self._warn("invalidate", err)
            return None

    def write(self, gen_key: str, generation: int, entry_key: str, value: bytes,
              ttl: int) -> None:
        if self._down():
            return
        try:
            self.client.eval(_WRITE, 2, gen_key, entry_key, str(generation),
                             pack(generation, value), ttl)
        except redis.RedisError as err:
            self._warn("store an entry", err)

    def bump(self, key: str) -> int | None:
        try:  # tried even while Redis seems down: an invalidation matters more than time
            return int(self.client.eval(_BUMP, 1, key, time.time_ns() // 1000))
        except (redis.RedisError, ValueError, TypeError) as err:
            self._warn("invalidate", err)
            return None


def _safe_url(url: str) -> str:
    """The URL without a password, for logs."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
