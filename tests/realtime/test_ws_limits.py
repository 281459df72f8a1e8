"""The socket's limits against live servers: a slow consumer is closed (4008) without
slowing a fast subscriber of the same group, a user's connections are bounded (4029),
and a silent client is pinged, then closed (4000, on servers with a heartbeat of
0.6 s). Both backends."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import websockets

from tests.realtime.conftest import BACKENDS, HERE, app_env
from tests.realtime.wsclient import StalledClient, connect, ws_url
from tests.servers import ServerSpec, run_servers

FLOOD = 2000  # messages of 3000 bytes: 6 MB, far more than the stalled client takes


@pytest.fixture(scope="module")
def quick_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    specs: dict[str, ServerSpec] = {name: (kind, target, app_env(RT_HEARTBEAT="0.6"), HERE)
                                    for name, (kind, target) in BACKENDS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("rt-limit-logs")) as urls:
        yield urls


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_a_slow_consumer_is_closed_and_never_slows_the_others(
        rt_servers: dict[str, str], backend: str) -> None:
    base = rt_servers[backend]  # the default heartbeat: no pings meanwhile
    sub = {"type": "subscribe", "id": "t", "channel": "ticker", "params": {"topic": "flood"}}

    slow = StalledClient(base)

    async def run() -> list[int]:
        async with connect(base) as fast, connect(base) as caller:
            await fast.exchange(sub)
            await caller.send({"type": "call", "id": 1, "function": "flood",
                               "args": {"topic": "flood", "count": FLOOD, "size": 3000}})
            seen = []
            while len(seen) < FLOOD:  # the slow one reads nothing meanwhile
                frame = await fast.frame(10)
                seen.append(frame["message"]["n"] if "message" in frame else frame)
            return seen

    try:
        slow.send('{"type":"subscribe","id":"t","channel":"ticker","params":{"topic":"flood"}}')
        assert slow.frame()[1].startswith(b'{"type":"subscribed"')
        seen = asyncio.run(run())
        code = slow.close_code()
    finally:
        slow.close()
    assert seen == list(range(FLOOD))  # every message, in order, to the fast subscriber
    assert code == 4008


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_a_user_holds_a_bounded_number_of_connections(quick_servers: dict[str, str],
                                                      backend: str) -> None:
    base = quick_servers[backend]

    async def run() -> int | None:
        held = [await websockets.connect(ws_url(base), open_timeout=5,
                                         additional_headers={"Authorization": "Bearer bob"})
                for _ in range(6)]
        try:
            async with connect(base, "bob") as extra:
                try:
                    await extra.recv()
                except websockets.ConnectionClosed as closed:
                    return closed.rcvd.code if closed.rcvd is not None else None
            return None
        finally:
            for ws in held:
                await ws.close()

    assert asyncio.run(run()) == 4029


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_a_silent_client_is_pinged_then_closed(quick_servers: dict[str, str],
                                               backend: str) -> None:
    base = quick_servers[backend]

    async def run() -> tuple[str, int | None, float]:
        async with connect(base) as s:
            started = time.monotonic()
            ping = await s.recv()
            try:
                await s.recv()
            except websockets.ConnectionClosed as closed:
                return ping, closed.rcvd.code if closed.rcvd else None, \
                    time.monotonic() - started
        return ping, None, 0.0

    ping, code, after = asyncio.run(run())
    assert ping == '{"type":"ping"}'
    assert code == 4000
    assert 0.9 <= after <= 5
