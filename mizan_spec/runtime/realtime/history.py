"""Each group's sequence and its bounded history, for resuming subscribers.

Sequences of a group increase by one per message. A group's first sequence is taken
from the clock (microseconds since the epoch) so that a store that lost its state (a
restarted process, a Redis without persistence) never hands out a sequence a client
already saw: its next message looks like a jump, and the client is told of a `gap`.
`MemoryHistory` serves one process; `RedisHistory` (redis-py asyncio) is shared by every
process of a deployment. Both keep the last `count` messages for `seconds`.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from mizan_spec.runtime.realtime.redis_client import LoopClients

HistoryEntry = tuple[int, bytes]
"""(sequence, the message's wire form)."""


class HistoryUnavailable(Exception):
    """The shared store cannot be reached."""


def _clock_start() -> int:
    return time.time_ns() // 1000


@dataclass
class _Group:
    seq: int
    kept: deque[tuple[int, float, bytes]] = field(default_factory=deque)


class MemoryHistory:
    """Sequences and history in this process."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self._groups: dict[str, _Group] = {}

    def _group(self, key: str) -> _Group:
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group(_clock_start())
        return group

    def _prune(self, group: _Group) -> None:
        oldest = time.monotonic() - self.seconds
        while group.kept and (len(group.kept) > self.count or group.kept[0][1] < oldest):
            group.kept.popleft()

    async def append(self, key: str, payload: bytes) -> int:
        group = self._group(key)
        group.seq += 1
        group.kept.append((group.seq, time.monotonic(), payload))
        self._prune(group)
        return group.seq

    async def current(self, key: str) -> int:
        return self._group(key).seq

    async def since(self, key: str, after: int, upto: int) -> list[HistoryEntry] | None:
        """The messages after `after` up to `upto`, or None if some are no longer kept."""
        group = self._group(key)
        self._prune(group)
        return _window([(s, p) for s, _, p in group.kept], after, upto)

    async def close(self) -> None:
        return None


def _window(kept: list[HistoryEntry], after: int, upto: int) -> list[HistoryEntry] | None:
    if after == upto:
        return []
    if after > upto:
        return None  # the store lost its state: a sequence from before it
    wanted = [(s, p) for s, p in kept if after < s <= upto]
    if len(wanted) != upto - after:
        return None
    return wanted


_CLOCK = """
local function clock_start()
  local t = redis.call('TIME')
  return t[1] .. string.rep('0', 6 - #t[2]) .. t[2]
end
"""
_APPEND = _CLOCK + """
if not redis.call('GET', KEYS[1]) then
  redis.call('SET', KEYS[1], clock_start())
end
local seq = string.format('%d', redis.call('INCR', KEYS[1]))
local t = redis.call('TIME')
redis.call('RPUSH', KEYS[2], seq .. ':' .. t[1] .. ':' .. ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], 86400)
return seq
"""
_CURRENT = _CLOCK + """
local seq = redis.call('GET', KEYS[1])
if not seq then
  seq = clock_start()
  redis.call('SET', KEYS[1], seq, 'EX', 86400)
end
return seq
"""


class RedisHistory:
    """Sequences (`INCR`) and history (a capped list per group) in a shared Redis, each
    entry stamped with Redis's own clock. Keys: `<prefix>:s:<group>`, `<prefix>:h:<group>`
    (group names hashed by the hub)."""

    def __init__(self, url: str, count: int, seconds: float, prefix: str = "mizan:rt",
                 timeout: float = 1.0) -> None:
        self.count = count
        self.seconds = seconds
        self.prefix = prefix
        self._clients = LoopClients(url, timeout)

    def _keys(self, key: str) -> list[str]:
        return [f"{self.prefix}:s:{key}", f"{self.prefix}:h:{key}"]

    async def append(self, key: str, payload: bytes) -> int:
        try:
            seq = await self._clients.script(_APPEND, self._keys(key),
                                             [payload, self.count, int(self.seconds) + 1])
        except Exception as err:  # redis-py's errors, and OSError underneath
            raise HistoryUnavailable(str(err)) from None
        return int(seq)

    async def current(self, key: str) -> int:
        try:
            return int(await self._clients.script(_CURRENT, self._keys(key)[:1], []))
        except Exception as err:
            raise HistoryUnavailable(str(err)) from None

    async def since(self, key: str, after: int, upto: int) -> list[HistoryEntry] | None:
        if after == upto:
            return []
        try:
            client = self._clients.get()
            items = await client.lrange(self._keys(key)[1], 0, -1)
            now = (await client.time())[0]
        except Exception as err:
            raise HistoryUnavailable(str(err)) from None
        kept: list[HistoryEntry] = []
        for item in items:
            seq, stamp, payload = bytes(item).split(b":", 2)
            if int(now) - int(stamp) <= self.seconds:
                kept.append((int(seq), payload))
        return _window(kept, after, upto)

    async def close(self) -> None:
        await self._clients.aclose()
