"""Fan-out through Redis pub/sub (redis-py asyncio), for several processes of a FastAPI
app sharing one Redis.

Every process subscribes to one pattern (`<prefix>:*`) and delivers what it hears to
its own members; an event is `PUBLISH`ed once. When the subscription breaks (Redis went
away) it reconnects with backoff, and then tells the hub to `resync`: every subscription
catches up from the group history, or is told of a `gap`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mizan_spec.runtime.realtime.fanout import LocalMembers, Member
from mizan_spec.runtime.realtime.redis_client import LoopClients

log = logging.getLogger("mizan_spec.runtime")


class RedisFanout:
    def __init__(self, url: str, prefix: str = "mizan:rt:e", timeout: float = 1.0) -> None:
        self.url = url
        self.prefix = prefix
        self.members = LocalMembers()
        self._clients = LoopClients(url, timeout)  # publishes; the listener has its own
        self._listener: asyncio.Task[None] | None = None
        self.on_reconnect: Callable[[], Awaitable[None]] | None = None
        self.connected = asyncio.Event()

    async def start(self) -> None:
        if self._listener is None:
            self._listener = asyncio.create_task(self._listen())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.connected.wait(), 2)

    async def _listen(self) -> None:
        import redis.asyncio as aioredis

        delay, broken = 0.05, False
        while True:
            client: Any = aioredis.Redis.from_url(self.url, socket_connect_timeout=1,
                                                  health_check_interval=1)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(f"{self.prefix}:*")
                self.connected.set()
                delay = 0.05
                if broken and self.on_reconnect is not None:
                    broken = False
                    await self.on_reconnect()
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is None:
                        await pubsub.ping()  # a dead connection shows here
                        continue
                    if message.get("type") != "pmessage":
                        continue  # the answers to those pings
                    group = bytes(message["channel"]).decode()[len(self.prefix) + 1:]
                    self.members.deliver(group, bytes(message["data"]))
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await client.aclose()
                raise
            except Exception:
                if not broken:
                    log.warning("mizan: the Redis fan-out is down; reconnecting")
                broken = True
                self.connected.clear()
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await client.aclose()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)

    async def join(self, group: str, member: Member) -> None:
        self.members.join(group, member)

    async def leave(self, group: str, member: Member) -> None:
        self.members.leave(group, member)

    async def send(self, group: str, event: bytes) -> None:
        await self._clients.get().publish(f"{self.prefix}:{group}", event)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(BaseException):
                await self._listener
        await self._clients.aclose()
