"""Several processes of one app sharing a real Redis (the system's redis-server on
127.0.0.1): a message published by a call served by process A reaches a subscriber on
process B, a mutation of `global` on A is pushed to B's sockets (Django over both of
channels_redis's layers: the default one and the Pub/Sub one), and a Redis killed and
restarted mid-test loses no message silently (a `gap` is reported) while HTTP keeps
being served, and sockets that stayed open hear A's messages again by themselves."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import websockets

from tests.realtime.conftest import HERE, app_env
from tests.realtime.wsclient import WAIT, Socket, connect, ws_url
from tests.servers import ServerSpec, free_port, run_servers


class Redis:
    """redis-server on a fixed port, so that it can be killed and started again."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            pytest.fail("redis-server is not installed (apt-get install -y redis-server)")
        self.proc = subprocess.Popen(
            [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url, socket_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    break
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        client.close()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture(scope="module")
def shared_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    server = Redis(tmp_path_factory.mktemp("rt-redis"))
    server.start()
    try:
        yield server
    finally:
        server.kill()


BACKENDS = ["fastapi", "django", "django-pubsub"]
"""Django twice: over channels_redis's default layer and over its Pub/Sub layer."""
PREFIXES = {"fastapi": "mizan:rt", "django": "django:rt", "django-pubsub": "pubsub:rt"}
"""Each backend's pair under a key prefix of its own."""
TARGETS = {"fastapi": "rt_fastapi:app", "django": "rt_django:asgi_app",
           "django-pubsub": "rt_django:asgi_app"}


def layer(backend: str) -> str:
    """RT_LAYER for rt_django: `pubsub` picks channels_redis's Pub/Sub layer."""
    return "pubsub" if backend == "django-pubsub" else ""


@pytest.fixture(scope="module")
def pairs(shared_redis: Redis, tmp_path_factory: pytest.TempPathFactory,
          ) -> Iterator[dict[str, str]]:
    """Two processes of each backend, all four on the one Redis."""
    specs: dict[str, ServerSpec] = {
        f"{backend}-{side}": ("uvicorn", target, app_env(
            RT_REDIS_URL=shared_redis.url, RT_REDIS_PREFIX=PREFIXES[backend],
            RT_LAYER=layer(backend)), HERE)
        for backend, target in TARGETS.items() for side in ("a", "b")}
    with run_servers(specs, tmp_path_factory.mktemp("rt-redis-logs")) as urls:
        yield urls


@pytest.fixture(scope="module")
def others(shared_redis: Redis, tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[dict[str, str]]:
    """A third process of each backend on the same Redis under another prefix, as
    another app sharing the Redis would be."""
    specs: dict[str, ServerSpec] = {
        backend: ("uvicorn", target, app_env(RT_REDIS_URL=shared_redis.url,
                                             RT_REDIS_PREFIX="other:rt", RT_LAYER=layer(backend)),
                  HERE)
        for backend, target in TARGETS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("rt-redis-other-logs")) as urls:
        yield urls


def call_frame(function: str, **args: object) -> dict[str, object]:
    return {"type": "call", "id": 1, "function": function, "args": args}


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_message_published_on_a_reaches_a_subscriber_on_b(pairs: dict[str, str],
                                                            backend: str) -> None:
    async def run() -> list[dict[str, object]]:
        topic = f"{backend}-across"
        async with connect(pairs[f"{backend}-b"]) as b, connect(pairs[f"{backend}-a"]) as a:
            await b.exchange({"type": "subscribe", "id": "t", "channel": "ticker",
                              "params": {"topic": topic}})
            await a.exchange(call_frame("tick", topic=topic, n=1))
            await a.exchange(call_frame("atick", topic=topic, n=2, count=2))
            return [await b.frame() for _ in range(3)]

    got = asyncio.run(run())
    assert [f["message"] for f in got] == [{"n": 1, "note": ""}, {"n": 2, "note": ""},
                                           {"n": 3, "note": ""}]
    seqs = [int(str(f["seq"])) for f in got]
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_global_mutation_on_a_is_pushed_to_sockets_on_b(pairs: dict[str, str],
                                                          backend: str) -> None:
    async def run() -> tuple[dict[str, object], dict[str, object]]:
        async with connect(pairs[f"{backend}-b"], "bob") as b:
            async with connect(pairs[f"{backend}-a"], "sam") as a:
                await a.exchange(call_frame("set_notice", text="over the socket"))
                first = await b.frame()
            async with httpx.AsyncClient() as http:
                r = await http.post(pairs[f"{backend}-a"] + "call/",
                                    json={"function": "set_notice", "args": {"text": "http"}},
                                    headers={"Authorization": "Bearer sam"})
                assert r.status_code == 200
            return first, await b.frame()

    pushed = {"type": "invalidate", "contexts": ["global"], "functions": []}
    assert asyncio.run(run()) == (pushed, pushed)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_apps_sharing_a_redis_do_not_see_each_others_messages(
        pairs: dict[str, str], others: dict[str, str], backend: str) -> None:
    a, other = pairs[f"{backend}-a"], others[backend]
    topic = f"{backend}-shared-redis"

    async def run() -> tuple[list[Any], list[Any]]:
        async with connect(a) as on_a, connect(other) as on_other:
            for sock in (on_a, on_other):
                await sock.exchange({"type": "subscribe", "id": "t", "channel": "ticker",
                                     "params": {"topic": topic}})
            # in this order, each published before the next call starts: a message that
            # crossed from one app to the other would arrive before that app's own
            async with httpx.AsyncClient() as http:
                for base, n in ((a, 1), (other, 2), (a, 3)):
                    r = await http.post(base + "call/", json={
                        "function": "tick", "args": {"topic": topic, "n": n}})
                    assert r.status_code == 200, (base, n)
            got_a = [(await on_a.frame())["message"]["n"] for _ in range(2)]
            got_other = [(await on_other.frame())["message"]["n"]]
            await on_other.nothing()
            return got_a, got_other

    assert asyncio.run(run()) == ([1, 3], [2])


async def _close_code(sock: Socket) -> int | None:
    try:
        await sock.recv()
    except websockets.ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None
    return None


@pytest.mark.parametrize("backend", BACKENDS)
def test_connections_per_user_are_counted_across_processes(pairs: dict[str, str],
                                                           backend: str) -> None:
    a, b = pairs[f"{backend}-a"], pairs[f"{backend}-b"]  # the test app allows 6 per user

    async def run() -> tuple[int | None, bool]:
        async with contextlib.AsyncExitStack() as stack:
            held = []
            for base in (a, b, a, b, a, b):
                sock = await stack.enter_async_context(connect(base, "alice"))
                assert await sock.exchange({"type": "ping"}) == ['{"type":"pong"}']
                held.append(sock)
            async with connect(b, "alice") as seventh:
                refused = await _close_code(seventh)
            await held[0].ws.close()  # one of A's: B may take its slot once A freed it
            deadline = time.monotonic() + 10
            while True:
                async with connect(b, "alice") as again:
                    try:
                        await again.exchange({"type": "ping"})
                        return refused, True
                    except websockets.ConnectionClosed:
                        if time.monotonic() > deadline:
                            return refused, False
                await asyncio.sleep(0.05)

    assert asyncio.run(run()) == (4029, True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_signing_out_on_a_revokes_the_users_tokens_on_b(pairs: dict[str, str],
                                                        backend: str) -> None:
    a, b = pairs[f"{backend}-a"], pairs[f"{backend}-b"]

    def token(user: str) -> str:
        return str(httpx.get(a + "session/", headers={"Authorization": f"Bearer {user}"})
                   .json()["ws_token"])

    async def run() -> tuple[str, str]:
        alices, bobs = token("alice"), token("bob")
        r = httpx.post(a + "call/", json={"function": "sign_out"},
                       headers={"Authorization": "Bearer alice"})
        assert r.status_code == 200
        try:
            async with websockets.connect(ws_url(b) + "?token=" + alices, open_timeout=WAIT):
                alice = "accepted"
        except websockets.InvalidStatus as err:
            alice = f"refused {err.response.status_code}"
        async with websockets.connect(ws_url(b) + "?token=" + bobs, open_timeout=WAIT) as ws:
            await ws.send('{"type":"ping"}')
            bob = str(await ws.recv())
        return alice, bob

    assert asyncio.run(run()) == ("refused 403", '{"type":"pong"}')


# last: it restarts the shared Redis
@pytest.mark.parametrize("backend", BACKENDS)
def test_redis_killed_and_restarted_loses_nothing_silently(pairs: dict[str, str],
                                                           shared_redis: Redis,
                                                           backend: str) -> None:
    a, b = pairs[f"{backend}-a"], pairs[f"{backend}-b"]
    topic = f"{backend}-outage"

    def tick(n: int) -> int:
        return httpx.post(a + "call/", json={"function": "tick",
                                             "args": {"topic": topic, "n": n}}).status_code

    async def ticked(n: int) -> bool:
        """Published, retrying for a while (a store that just came back)."""
        deadline = time.monotonic() + 15
        while tick(n) != 200:
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.2)
        return True

    async def subscribed(base: str, frame: dict[str, object]) -> tuple[Any, Socket]:
        """Connect and subscribe as a client does: reconnecting with a short backoff
        until the server takes it."""
        deadline = time.monotonic() + 15
        while True:
            cm = connect(base)
            try:
                sock = await cm.__aenter__()
                await sock.send(frame)
                while (reply := await sock.frame())["type"] != "subscribed":
                    if reply["type"] == "error":
                        assert reply["error"]["code"] == "unavailable", reply
                        raise OSError("try again")
                return cm, sock
            except (OSError, websockets.WebSocketException):
                with contextlib.suppress(Exception):
                    await cm.__aexit__(None, None, None)
                assert time.monotonic() < deadline
                await asyncio.sleep(0.2)

    async def heard(sock: Socket, wait: float) -> dict[str, Any]:
        """The next frame that is not a heartbeat."""
        while (frame := await sock.frame(wait))["type"] == "ping":
            pass
        return frame

    async def run() -> tuple[list[dict[str, object]], int]:
        got: list[dict[str, object]] = []
        listener_cm, listener = await subscribed(b, {"type": "subscribe", "id": "t",
                                                     "channel": "ticker",
                                                     "params": {"topic": topic}})
        try:
            assert await ticked(1)
            got.append(await listener.frame())
            shared_redis.kill()
            async with httpx.AsyncClient() as http:  # HTTP goes on while Redis is down
                r = await http.post(a + "call/", json={"function": "echo",
                                                       "args": {"text": "up"}})
                assert (r.status_code, r.json()["result"]) == (200, "up")
                assert (await http.get(b + "session/")).status_code == 200
            assert tick(2) == 500  # publish refused: the message reached no one
            async with connect(a) as other:  # sockets are served; no subscription starts
                refused = await other.frame_after({"type": "subscribe", "id": "x",
                                                   "channel": "ticker",
                                                   "params": {"topic": topic}})
                assert refused["error"]["code"] == "unavailable"
            shared_redis.start()
            # the socket B held all along hears of the outage (a gap: Redis lost the
            # history with its state) and then hears A's messages again, by itself;
            # A publishes until one arrives (B's fan-out may take a moment to be back)
            n, deadline = 2, time.monotonic() + 30
            while not any(f["type"] == "message" for f in got[1:]):
                assert time.monotonic() < deadline, got
                n += 1
                assert await ticked(n)
                with contextlib.suppress(TimeoutError):
                    while True:
                        got.append(await heard(listener, 1))
            n += 1
            assert await ticked(n)  # and one more, which must come next, in sequence
            got.append(await heard(listener, 10))
            return got, n
        finally:
            with contextlib.suppress(Exception):
                await listener_cm.__aexit__(None, None, None)

    got, last = asyncio.run(run())
    assert got[0]["message"] == {"n": 1, "note": ""}
    assert got[1] == {"type": "gap", "id": "t", "after": got[0]["seq"]}
    after = got[2:]
    assert [f["type"] for f in after] == ["message"] * len(after), got
    seqs = [int(str(f["seq"])) for f in after]
    assert seqs[0] > int(str(got[0]["seq"]))
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # none missed since the gap
    ns = [int(str(f["message"]["n"])) for f in after]  # type: ignore[index]
    assert ns == sorted(ns) and ns[0] >= 3 and ns[-1] == last
