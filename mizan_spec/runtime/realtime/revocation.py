"""Sign-out revokes connection tokens (spec/protocol.md §11.1).

A connection token is signed, not stored, so it cannot be deleted: instead signing a
user out records when, and a token of that user issued at or before that second is
refused on `ws/?token=` for the rest of its life. `MemoryRevocations` serves one
process; `RedisRevocations` is shared by every process of a deployment (a key per user,
`<prefix>:out:<user id>`, kept as long as a token lives).
"""

from __future__ import annotations

import time

from mizan_spec.runtime.realtime.redis_client import DEFAULT_PREFIX, LoopClients


class RevocationsUnavailable(Exception):
    """The shared store cannot be reached: a token cannot be known to be valid."""


class MemoryRevocations:
    def __init__(self) -> None:
        self._out: dict[str, tuple[float, float]] = {}  # user: (signed out at, kept until)

    async def revoke(self, user_id: str, at: float, keep: float) -> None:
        now = time.time()
        for user, (_, until) in list(self._out.items()):
            if until < now:
                del self._out[user]
        self._out[user_id] = (at, at + keep)

    async def signed_out_at(self, user_id: str) -> float | None:
        found = self._out.get(user_id)
        return found[0] if found is not None and found[1] >= time.time() else None

    async def close(self) -> None:
        return None


class RedisRevocations:
    def __init__(self, url: str, prefix: str = DEFAULT_PREFIX) -> None:
        self.prefix = prefix
        self._clients = LoopClients(url)

    def _key(self, user_id: str) -> str:
        return f"{self.prefix}:out:{user_id}"

    async def revoke(self, user_id: str, at: float, keep: float) -> None:
        try:
            await self._clients.get().set(self._key(user_id), repr(at), ex=int(keep) + 1)
        except Exception as err:  # redis-py's errors, and OSError underneath
            raise RevocationsUnavailable(str(err)) from None

    async def signed_out_at(self, user_id: str) -> float | None:
        try:
            value = await self._clients.get().get(self._key(user_id))
        except Exception as err:
            raise RevocationsUnavailable(str(err)) from None
        return float(value) if value is not None else None

    async def close(self) -> None:
        await self._clients.aclose()


Revocations = MemoryRevocations | RedisRevocations
