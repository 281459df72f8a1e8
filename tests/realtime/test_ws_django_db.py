"""Django socket calls get Django's database connection handling, as requests do:
connections past CONN_MAX_AGE (here 0: one per call) or broken are closed around each
call, instead of living as long as the worker thread that ran it."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.realtime.conftest import HERE, app_env
from tests.realtime.wsclient import connect
from tests.servers import run_servers

CALLS = 6


@pytest.fixture(scope="module")
def django_db_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("django-db") / "db.sqlite3"
    spec = ("uvicorn", "rt_django_db:asgi_app", app_env(MIZAN_TEST_DB=str(db)), HERE)
    with run_servers({"django": spec}, tmp_path_factory.mktemp("django-db-logs")) as urls:
        yield urls["django"]


async def _answers(base: str) -> list[object]:
    ids = itertools.count(1)
    async with connect(base) as ws:
        answers = []
        for _ in range(CALLS):
            reply = await ws.frame_after({"type": "call", "id": next(ids),
                                          "function": "connections_opened", "args": {}})
            assert reply["type"] == "reply" and reply["status"] == 200, reply
            answers.append(reply["body"]["result"])
        return answers


def test_each_socket_call_closes_its_connection_as_a_request_does(
        django_db_server: str, tmp_path: Path) -> None:
    # CONN_MAX_AGE=0: the connection of each call is closed once it ends, so the next
    # call (on whichever worker thread) opens its own
    assert asyncio.run(_answers(django_db_server)) == list(range(1, CALLS + 1))
