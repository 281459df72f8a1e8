"""Django under WSGI (gunicorn, threads) beside an ASGI process on the same real Redis,
as a deployment that serves HTTP with WSGI and sockets with Channels does: every
message that sync code publishes in a WSGI request, and every live invalidation of a
mutation there, reaches the sockets of the ASGI process, request after request, on
each of the worker's threads (not only on each thread's first)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from tests.realtime.conftest import HERE, app_env
from tests.realtime.test_ws_redis import Redis
from tests.realtime.wsclient import connect
from tests.servers import ServerSpec, run_servers

REQUESTS = 12  # three times the worker's threads


@pytest.fixture(scope="module")
def wsgi_and_asgi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    server = Redis(tmp_path_factory.mktemp("wsgi-redis"))
    server.start()
    env = app_env(RT_REDIS_URL=server.url, RT_REDIS_PREFIX="wsgi:rt")
    specs: dict[str, ServerSpec] = {"wsgi": ("gunicorn", "rt_django:wsgi_app", env, HERE),
                                    "asgi": ("uvicorn", "rt_django:asgi_app", env, HERE)}
    try:
        with run_servers(specs, tmp_path_factory.mktemp("wsgi-logs")) as urls:
            yield urls
    finally:
        server.kill()


def test_each_publish_of_a_wsgi_request_reaches_the_asgi_sockets(
        wsgi_and_asgi: dict[str, str]) -> None:
    async def run() -> list[object]:
        async with connect(wsgi_and_asgi["asgi"]) as ws, httpx.AsyncClient() as http:
            await ws.exchange({"type": "subscribe", "id": "t", "channel": "ticker",
                               "params": {"topic": "wsgi"}})
            for n in range(1, REQUESTS + 1):
                r = await http.post(wsgi_and_asgi["wsgi"] + "call/",
                                    json={"function": "tick", "args": {"topic": "wsgi", "n": n}})
                assert r.status_code == 200, r.text
            return [(await ws.frame())["message"] for _ in range(REQUESTS)]

    assert asyncio.run(run()) == [{"n": n, "note": ""} for n in range(1, REQUESTS + 1)]


def test_each_mutation_of_a_wsgi_request_invalidates_the_asgi_sockets(
        wsgi_and_asgi: dict[str, str]) -> None:
    async def run() -> list[object]:
        async with connect(wsgi_and_asgi["asgi"], "bob") as ws, httpx.AsyncClient() as http:
            for n in range(REQUESTS):
                r = await http.post(wsgi_and_asgi["wsgi"] + "call/",
                                    json={"function": "set_notice", "args": {"text": f"t{n}"}},
                                    headers={"Authorization": "Bearer sam"})
                assert r.status_code == 200, r.text
            return [(await ws.frame())["type"] for _ in range(REQUESTS)]

    assert asyncio.run(run()) == ["invalidate"] * REQUESTS
