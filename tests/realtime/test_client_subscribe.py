"""The generated Python client's realtime side against the realtime test app on both
backends (the client generated from the app's exported IR): `subscribe_<channel>`
resumes from its last sequence after the server process it was connected to is killed
and started again, and reports a gap when the messages it missed are no longer kept
(the app keeps 20 per group, in a real Redis shared by two processes, so a restart
keeps them); `websocket` functions travel over the client's one socket while
`connect()` holds it open, with exactly the answers of `call/`, and through `call/`
otherwise; live invalidations reach `on_invalidate`."""

from __future__ import annotations

import asyncio
import importlib
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from rt_app import registry

from mizan_spec.generate.python.models import render_models
from mizan_spec.generate.python_client import render_python_client
from tests.realtime.restartable import pair
from tests.redis_server import redis_url

__all__ = ["redis_url"]  # the fixture

WAIT = 15.0


def _client_module(tmp: Path) -> ModuleType:
    ir = registry.export_ir()
    name = f"rtclient_{uuid.uuid4().hex}"
    package = tmp / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text(render_models(ir, "# test\n")[0])
    (package / "client.py").write_text(render_python_client(ir, "rt_app"))
    sys.path.insert(0, str(tmp))
    try:
        return importlib.import_module(f"{name}.client")
    finally:
        sys.path.remove(str(tmp))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _client_module(tmp_path_factory.mktemp("rtclient"))


async def _until(done: Callable[[], bool]) -> None:
    """Wait until `done()`; bounded by the caller's wait_for."""
    while not done():
        await asyncio.sleep(0.01)


@asynccontextmanager
async def _api(client: ModuleType, base: str, user: str | None = None,
               ) -> AsyncIterator[tuple[Any, list[str]]]:
    """A client of `base` (signed in as `user`), and the paths of its HTTP requests."""
    paths: list[str] = []

    async def record(request: httpx.Request) -> None:
        paths.append(request.url.path.removeprefix("/api/mizan/"))

    http = httpx.AsyncClient(timeout=WAIT, event_hooks={"request": [record]})
    headers = {"Authorization": f"Bearer {user}"} if user else {}
    async with client.AsyncClient(base, session=False, headers=headers, http=http) as api:
        yield api, paths


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_resume_after_a_restart_and_gap(backend: str, redis_url: str, client: ModuleType,
                                        tmp_path: Path) -> None:
    topic = f"restart-{backend}-{uuid.uuid4().hex[:8]}"
    with pair(backend, redis_url, tmp_path) as (a, b):

        async def scenario() -> None:
            gaps: list[int | None] = []
            async with _api(client, a.url) as (api, _), _api(client, b.url) as (other, _):
                sub = api.subscribe_ticker(topic=topic, on_gap=gaps.append)
                async with sub:
                    await other.atick(topic=topic, n=1)
                    assert (await asyncio.wait_for(anext(sub), WAIT)).n == 1
                    seen = sub.last_seq
                    await asyncio.to_thread(a.kill)
                    await other.atick(topic=topic, n=2, count=3)  # kept: no loss
                    await asyncio.to_thread(a.start)
                    got = [(await asyncio.wait_for(anext(sub), WAIT)).n for _ in range(3)]
                    assert got == [2, 3, 4] and gaps == []
                    last = sub.last_seq
                    assert last is not None and seen is not None and last == seen + 3
                    await asyncio.to_thread(a.kill)
                    await other.atick(topic=topic, n=100, count=25)  # more than the 20 kept
                    await asyncio.to_thread(a.start)
                    # the gap is reported, then the next message published after it
                    first = asyncio.create_task(anext(sub))
                    await asyncio.wait_for(_until(lambda: bool(gaps) and sub.subscribed), WAIT)
                    await other.atick(topic=topic, n=900)
                    assert (await asyncio.wait_for(first, WAIT)).n == 900
                    assert gaps == [last] == sub.gaps
        asyncio.run(scenario())


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_websocket_calls_answer_as_call_does(rt_servers: dict[str, str], backend: str,
                                            client: ModuleType) -> None:
    async def scenario() -> None:
        async with _api(client, rt_servers[backend], "alice") as (api, paths):
            over_http = await api.call_raw("add_note", {"text": "one"})
            with pytest.raises(client.InvalidArgs) as http_error:
                await api.echo(text="x", count=0)
            assert paths == ["call/", "call/"]
            async with api.connect() as connection:
                assert connection.open
                assert await api.echo(text="hi", count=2) == "hihi"
                over_socket = await api.call_raw("add_note", {"text": "one"})
                with pytest.raises(client.InvalidArgs) as socket_error:
                    await api.echo(text="x", count=0)
                with pytest.raises(client.InternalError) as internal:
                    await api.boom()
                assert paths == ["call/", "call/"]  # none of these went through call/
                assert await api.http_only() == 1  # not a websocket function: call/
                assert paths == ["call/", "call/", "call/"]
            assert connection.state == "idle"
            assert await api.echo(text="hi") == "hi"  # closed: call/ again
            assert paths[-1] == "call/" and len(paths) == 4
        assert over_socket.result == [*over_http.result, "one"]
        assert (over_socket.invalidate, over_socket.merge) == (over_http.invalidate,
                                                               over_http.merge)
        assert over_socket.invalidate.contexts == ("user",) and over_socket.ir_hash is None
        assert (socket_error.value.status, socket_error.value.issues) == (
            http_error.value.status, http_error.value.issues)
        assert internal.value.status == 500 and "hunter2" not in internal.value.message
    asyncio.run(scenario())


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_live_invalidations_reach_on_invalidate(rt_servers: dict[str, str], backend: str,
                                               client: ModuleType) -> None:
    async def scenario() -> list[Any]:
        got: list[Any] = []
        async with (_api(client, rt_servers[backend], "bob") as (bob, _),
                    _api(client, rt_servers[backend], "sam") as (sam, _),
                    bob.connect(on_invalidate=got.append)):
            await sam.set_notice(text=f"from {backend}")  # over call/
            await asyncio.wait_for(_until(lambda: bool(got)), WAIT)
        return got
    got = asyncio.run(scenario())
    assert [(i.contexts, i.functions) for i in got] == [(("global",), ())]


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_a_refused_subscribe_raises_and_frees_the_socket(rt_servers: dict[str, str],
                                                        backend: str,
                                                        client: ModuleType) -> None:
    async def scenario() -> None:
        async with _api(client, rt_servers[backend], "bob") as (api, _):
            with pytest.raises(client.Forbidden):
                async with api.subscribe_chat(room="staff-room"):
                    pass
            assert api.connection.state == "idle"
            sub = api.subscribe_chat(room="lobby")
            with pytest.raises(client.InvalidArgs):
                await anext(api.subscribe_chat(room=""))
            async with sub:  # the socket the refusals shared still serves the others
                assert sub.subscribed and api.connection.open
            assert api.connection.state == "idle"
    asyncio.run(scenario())


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_subscriptions_share_the_clients_one_socket(rt_servers: dict[str, str],
                                                   backend: str, client: ModuleType) -> None:
    """The app allows 4 subscriptions per connection: a client's fifth is refused."""
    async def scenario() -> None:
        async with _api(client, rt_servers[backend]) as (api, _):
            subs = [api.subscribe_ticker(topic=f"share-{i}") for i in range(5)]
            for sub in subs[:4]:
                await sub.ready()
            with pytest.raises(client.TooManySubscriptions) as refused:
                await subs[4].ready()
            assert refused.value.status == 429
            await api.atick(topic="share-3", n=7)
            assert (await asyncio.wait_for(anext(subs[3]), WAIT)).n == 7
            for sub in subs[:4]:
                await sub.aclose()
            assert api.connection.state == "idle"
    asyncio.run(scenario())
