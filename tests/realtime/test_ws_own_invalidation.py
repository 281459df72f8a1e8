"""A tab's own HTTP mutation is not pushed back to its own socket: the tab names its
socket with `ws/?client=ID` and its `call/` requests with `Mizan-Client-Id: ID`, and the
live invalidation skips that socket (its reply already carried the invalidation), but
reaches the caller's other sockets and, for the shared part, everyone else, a socket of
another user that chose the same id included. Both backends, live."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import websockets

from tests.realtime.conftest import BACKENDS
from tests.realtime.wsclient import WAIT, Socket, ws_url

GLOBAL = {"type": "invalidate", "contexts": ["global"], "functions": []}
USER = {"type": "invalidate", "contexts": ["user"], "functions": []}


@asynccontextmanager
async def tab(base: str, user: str, client: str) -> AsyncIterator[Socket]:
    async with websockets.connect(ws_url(base) + "?client=" + client, open_timeout=WAIT,
                                  additional_headers={"Authorization": f"Bearer {user}"},
                                  ) as ws:
        sock = Socket(ws)
        assert await sock.exchange({"type": "ping"}) == ['{"type":"pong"}']  # registered
        yield sock


async def call(base: str, user: str, function: str, client: str | None,
               **args: object) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {user}"}
    if client is not None:
        headers["Mizan-Client-Id"] = client
    async with httpx.AsyncClient() as http:
        r = await http.post(base + "call/", json={"function": function, "args": args},
                            headers=headers)
    assert r.status_code == 200, r.text
    answer: dict[str, object] = r.json()
    return answer


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_the_callers_own_socket_is_skipped(rt_servers: dict[str, str], backend: str) -> None:
    base = rt_servers[backend]

    async def run() -> list[object]:
        async with tab(base, "sam", "tab-1") as own, tab(base, "sam", "tab-2") as other_tab, \
                tab(base, "bob", "tab-1") as bob:
            reply = await call(base, "sam", "set_notice", "tab-1", text="from tab 1")
            pushed = [await other_tab.frame(), await bob.frame()]
            # the event reached every socket of this process together: had the caller's
            # own been sent one, it would come before the answer to this ping
            own_next = await own.exchange({"type": "ping", "id": "after"})
            return [reply["invalidate"], *pushed, own_next]

    assert asyncio.run(run()) == [{"contexts": ["global"], "functions": []}, GLOBAL, GLOBAL,
                                  ['{"type":"pong","id":"after"}']]


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_without_the_header_every_socket_is_told(rt_servers: dict[str, str],
                                                 backend: str) -> None:
    base = rt_servers[backend]

    async def run() -> list[object]:
        async with tab(base, "alice", "mine") as own, tab(base, "alice", "other") as other:
            await call(base, "alice", "add_note", None, text="no header")
            await call(base, "alice", "add_note", "bad id!", text="not an id")
            return [await own.frame(), await other.frame(), await own.frame(),
                    await other.frame()]

    assert asyncio.run(run()) == [USER] * 4
