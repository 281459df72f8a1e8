"""Connections per user (spec/protocol.md §11.2): the slots a signed-in user's sockets
hold, counted in this process (`LocalSlots`) or, with Redis, across every process of a
deployment (`RedisSlots`).

In Redis each user has a sorted set `<prefix>:u:<user id>` of connection ids scored by
when their process last renewed them (Redis's clock); a process renews its own every
`lease / 3` seconds, so the slots of a process that died without closing its sockets
free themselves after `lease` seconds. Taking a slot is one script: drop the stale,
count, add. When Redis cannot be reached a socket is let in (counted nowhere): the
limit guards resources, and refusing everyone would be worse.
"""

from __future__ import annotations

import logging

from mizan_spec.runtime.realtime.redis_client import DEFAULT_PREFIX, LoopClients

log = logging.getLogger("mizan_spec.runtime")
LEASE = 60


class LocalSlots:
    renews = False
    lease = LEASE

    def __init__(self) -> None:
        self._held: dict[str, set[str]] = {}

    async def take(self, user_id: str, conn_id: str, limit: int) -> bool:
        held = self._held.setdefault(user_id, set())
        if len(held) >= limit:
            return False
        held.add(conn_id)
        return True

    async def give(self, user_id: str, conn_id: str) -> None:
        held = self._held.get(user_id)
        if held is not None:
            held.discard(conn_id)
            if not held:
                del self._held[user_id]

    async def renew(self, held: list[tuple[str, str]]) -> None:
        return None

    async def close(self) -> None:
        return None


_TAKE = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""
_RENEW = """
local now = tonumber(redis.call('TIME')[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now, ARGV[i + 1])
  redis.call('EXPIRE', key, ARGV[1])
end
return #KEYS
"""


class RedisSlots:
    renews = True

    def __init__(self, url: str, prefix: str = DEFAULT_PREFIX, lease: int = LEASE) -> None:
        self.prefix = prefix
        self.lease = lease
        self._clients = LoopClients(url)
        self._warned = False

    def _key(self, user_id: str) -> str:
        return f"{self.prefix}:u:{user_id}"

    def _down(self) -> None:
        if not self._warned:
            self._warned = True
            log.warning("mizan: connections per user cannot be counted (Redis is "
                        "unreachable); sockets are let in meanwhile", exc_info=True)

    async def take(self, user_id: str, conn_id: str, limit: int) -> bool:
        try:
            taken = await self._clients.script(_TAKE, [self._key(user_id)],
                                               [conn_id, limit, self.lease])
        except Exception:  # redis-py's errors, and OSError underneath
            self._down()
            return True
        self._warned = False
        return bool(int(taken))

    async def give(self, user_id: str, conn_id: str) -> None:
        try:
            await self._clients.get().zrem(self._key(user_id), conn_id)
        except Exception:
            self._down()

    async def renew(self, held: list[tuple[str, str]]) -> None:
        if not held:
            return
        try:
            await self._clients.script(_RENEW, [self._key(u) for u, _ in held],
                                       [self.lease, *(c for _, c in held)])
        except Exception:
            self._down()

    async def close(self) -> None:
        await self._clients.aclose()


Slots = LocalSlots | RedisSlots
