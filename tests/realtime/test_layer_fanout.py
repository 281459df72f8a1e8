"""The Django fan-out over a Channels layer (Channels' own in-memory layer): one layer
channel per process, one layer message per event whatever the number of members, and
memberships the layer lost are found out and restored, the hub told to resync."""

from __future__ import annotations

import asyncio
import fnmatch
import time
from collections.abc import Callable

from channels.layers import InMemoryChannelLayer
from channels_redis.core import RedisChannelLayer

from mizan_spec.runtime.realtime.layer_fanout import LayerFanout, layer_group


class Member:
    def __init__(self) -> None:
        self.heard: list[tuple[str, bytes]] = []

    def on_event(self, group: str, event: bytes) -> None:
        self.heard.append((group, event))


async def until(check: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the deadline"
        await asyncio.sleep(0.01)


def test_an_event_is_one_layer_message_for_all_members_of_the_process() -> None:
    async def run() -> None:
        layer = InMemoryChannelLayer()
        fanout = LayerFanout(layer)
        members = [Member() for _ in range(3)]
        for m in members:
            await fanout.join("g1", m)
        await fanout.join("*", members[0])
        assert list(layer.groups[layer_group("g1")]) == [fanout.channel]
        assert list(layer.groups["mizan.all"]) == [fanout.channel]
        sent = []
        real_send = layer.send

        async def counting(channel: str, message: dict[str, object]) -> None:
            if message["type"] == "mizan.event":
                sent.append(channel)
            await real_send(channel, message)

        layer.send = counting  # type: ignore[method-assign]
        await fanout.send("g1", b"m 1 {}")
        await until(lambda: all(m.heard for m in members))
        assert [m.heard for m in members] == [[("g1", b"m 1 {}")]] * 3
        assert sent == [fanout.channel]  # one layer message for the three
        for m in members:
            await fanout.leave("g1", m)
        assert layer_group("g1") not in layer.groups or not layer.groups[layer_group("g1")]
        await fanout.close()

    asyncio.run(run())


def test_lost_memberships_are_joined_again_and_subscriptions_catch_up() -> None:
    async def run() -> None:
        layer = InMemoryChannelLayer()
        fanout = LayerFanout(layer, probe_every=0.05, probe_timeout=0.2)
        resyncs: list[float] = []

        async def resync() -> None:
            resyncs.append(time.monotonic())

        fanout.on_reconnect = resync
        member = Member()
        await fanout.join("g1", member)
        await until(lambda: fanout.probe_group in layer.groups)
        layer.groups.clear()  # what a Redis restarted without persistence does
        await until(lambda: bool(resyncs))
        assert list(layer.groups[layer_group("g1")]) == [fanout.channel]
        await fanout.send("g1", b"m 2 {}")
        await until(lambda: member.heard == [("g1", b"m 2 {}")])
        await fanout.close()

    asyncio.run(run())


def test_the_process_channel_is_named_for_a_capacity_of_its_own() -> None:
    async def run() -> None:
        fanout = LayerFanout(InMemoryChannelLayer())
        await fanout.join("g1", Member())
        assert fanout.channel is not None and fnmatch.fnmatchcase(fanout.channel, "mizan.*")
        await fanout.close()
        redis_layer = RedisChannelLayer(channel_capacity={"mizan.*": 5000})  # no I/O
        assert redis_layer.get_capacity(await redis_layer.new_channel("mizan")) == 5000
        assert redis_layer.get_capacity(await redis_layer.new_channel()) == 100

    asyncio.run(run())
