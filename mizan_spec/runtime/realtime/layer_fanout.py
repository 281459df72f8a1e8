"""Fan-out through a Django Channels layer (`CHANNEL_LAYERS`: the in-memory layer for
one process, `channels_redis` for several), framework-free: the layer is duck-typed.

A process takes one channel of the layer for itself and joins it to a layer group once
per hub group that has members here; an event is one `group_send`, which reaches one
channel per process, and the process delivers it to its own members (as
`redis_fanout` does). So a publish costs the layer one message per process, not one
per subscriber, and no consumer depends on the layer: while the layer's Redis is down,
sockets stay open and HTTP is served.

A layer that lost its group memberships (a Redis restarted without persistence) drops
every event silently, so the process checks that its memberships hold: every second it
sends itself a probe through a group of its own. When a layer call fails or a probe
does not come back (the channel bringing nothing for 5 s), it joins every group again
(once more each second until that works) and then tells the hub to `resync`: every
subscription catches up from the group history, or is told of a `gap`. Memberships are
also renewed now and then, before the layer expires them (`group_expiry` of
channels_redis).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import uuid
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

from mizan_spec.runtime.realtime.fanout import LocalMembers, Member
from mizan_spec.runtime.realtime.redis_client import DEFAULT_PREFIX

log = logging.getLogger("mizan_spec.runtime")

EVENT_TYPE = "mizan.event"
PROBE_TYPE = "mizan.probe"
_STRIPES = 64


def layer_space(prefix: str = DEFAULT_PREFIX) -> str:
    """Where an app's layer groups are named: layer group names are ASCII letters,
    digits and `-_.`, so a Redis prefix other than the default is named by its hash
    (apps sharing one Redis under two prefixes never meet in the layer either)."""
    if prefix == DEFAULT_PREFIX:
        return "mizan."
    return "mizan." + hashlib.sha256(prefix.encode()).hexdigest()[:16] + "."


def layer_group(group: str, space: str = "mizan.") -> str:
    """The layer's name of a hub group (hub groups are hex digests, or `*`)."""
    return space + ("all" if group == "*" else group)


class LayerFanout:
    def __init__(self, layer: Any, prefix: str = DEFAULT_PREFIX, *, probe_every: float = 1.0,
                 probe_timeout: float = 5.0) -> None:
        self.layer = layer
        self.space = layer_space(prefix)
        self.members = LocalMembers()
        self.on_reconnect: Callable[[], Awaitable[None]] | None = None
        self.channel: str | None = None
        self.probe_every = probe_every
        self.probe_timeout = probe_timeout
        expiry = float(getattr(layer, "group_expiry", 86400) or 86400)
        self.renew_every = max(probe_every, min(expiry / 2, 3600.0))
        self.probe_group = "mizan.probe." + uuid.uuid4().hex
        self.broken = False
        self._probe_sent = 0
        self._probe_heard: asyncio.Event | None = None
        self._heard_at = 0.0
        self._locks = [asyncio.Lock() for _ in range(_STRIPES)]
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        return None  # the process takes its channel when its first member joins

    async def _running(self) -> str:
        if self.channel is None:
            self.channel = await self.layer.new_channel("mizan")
            self._probe_heard = asyncio.Event()
            self._tasks = [asyncio.create_task(self._read()),
                           asyncio.create_task(self._watch())]
        return self.channel

    def _lock(self, group: str) -> asyncio.Lock:
        return self._locks[zlib.crc32(group.encode()) % _STRIPES]

    async def join(self, group: str, member: Member) -> None:
        channel = await self._running()
        first = group not in self.members.groups
        self.members.join(group, member)
        if not first:
            return
        async with self._lock(group):  # the layer ends as the members are: here or not
            if group in self.members.groups:
                try:
                    await _twice(self.layer.group_add, layer_group(group, self.space), channel)
                except Exception:
                    self._lost("a group could not be joined")

    async def leave(self, group: str, member: Member) -> None:
        self.members.leave(group, member)
        if group in self.members.groups or self.channel is None:
            return
        channel = self.channel
        async with self._lock(group):
            if group not in self.members.groups:
                with contextlib.suppress(Exception):  # a stale membership only costs
                    await _twice(self.layer.group_discard, layer_group(group, self.space),  # events
                                 channel)  # heard by no one, until the layer expires it

    async def send(self, group: str, event: bytes) -> None:
        await _twice(self.layer.group_send, layer_group(group, self.space),
                     {"type": EVENT_TYPE, "group": group, "event": event})

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(BaseException):
                await task
        self._tasks = []

    # -- the process's channel -------------------------------------------------------------

    async def _read(self) -> None:
        assert self.channel is not None
        delay = 0.05
        while True:
            try:
                message = await self.layer.receive(self.channel)
                delay = 0.05
            except asyncio.CancelledError:
                raise
            except Exception:
                self._lost("the layer cannot be read")
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)
                continue
            self._heard_at = asyncio.get_running_loop().time()
            kind = message.get("type")
            if kind == EVENT_TYPE:
                try:
                    self.members.deliver(str(message["group"]), bytes(message["event"]))
                except Exception:
                    log.exception("mizan: an event from the channel layer was not delivered")
            elif kind == PROBE_TYPE and message.get("n") == self._probe_sent:
                assert self._probe_heard is not None
                self._probe_heard.set()

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        renewed = 0.0
        try:
            renewed = await self._rejoin(resync=False)
        except Exception:
            self._lost("the layer cannot be reached")
        while True:
            await asyncio.sleep(self.probe_every)
            if not self.broken and not await self._probe():
                self._lost("its group memberships were lost")
            if self.broken or loop.time() - renewed > self.renew_every:
                with contextlib.suppress(Exception):
                    renewed = await self._rejoin(resync=self.broken)

    async def _probe(self) -> bool:
        """Whether a message to this process's own group comes back. It queues behind
        the events before it, so it counts as lost only once the channel brought
        nothing at all for `probe_timeout` seconds: a busy process is not a broken one."""
        assert self._probe_heard is not None
        loop = asyncio.get_running_loop()
        self._probe_sent += 1
        self._probe_heard.clear()
        try:
            await self.layer.group_send(self.probe_group,
                                        {"type": PROBE_TYPE, "n": self._probe_sent})
            sent_at = loop.time()
            while True:
                idle_since = max(sent_at, self._heard_at)
                wait = idle_since + self.probe_timeout - loop.time()
                if wait <= 0:
                    return False
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._probe_heard.wait(), wait)
                    return True
        except asyncio.CancelledError:
            raise
        except Exception:
            return False

    async def _rejoin(self, *, resync: bool) -> float:
        """Join the probe group and every group with members here (again); then, after
        an outage, let every subscription catch up. Raises while the layer is down."""
        assert self.channel is not None
        channel = self.channel
        await _twice(self.layer.group_add, self.probe_group, channel)
        for group in list(self.members.groups):
            await _twice(self.layer.group_add, layer_group(group, self.space), channel)
        when = asyncio.get_running_loop().time()
        if resync:
            self.broken = False
            log.warning("mizan: the channel layer is back; subscriptions catch up")
            if self.on_reconnect is not None:
                try:
                    await self.on_reconnect()
                except Exception:
                    log.exception("mizan: subscriptions could not catch up")
        return when

    def _lost(self, why: str) -> None:
        if not self.broken:
            log.warning("mizan: the channel layer failed (%s); joining its groups again", why)
        self.broken = True


async def _twice(call: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    """A layer call, tried again once: after its Redis restarted, a layer's first call
    on a pooled connection fails and the next one reconnects."""
    try:
        return await call(*args)
    except OSError:
        raise  # nothing listens: trying again would only wait twice
    except Exception:
        return await call(*args)
