"""Handshake security against live servers: connection tokens issued by `session/` name
the principal on `ws/?token=`, a forged one is refused, and signing out closes that
user's sockets (4001) and no one else's. Both backends. The token itself is checked
without a server too (expiry, tampering)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
import websockets

from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.realtime import tokens
from tests.realtime.conftest import BACKENDS
from tests.realtime.wsclient import WAIT, connect, ws_url

KEY = b"k" * 32
ALICE = Principal("1", "alice")


def test_a_token_names_its_principal_until_it_expires() -> None:
    token = tokens.issue(KEY, ALICE, ttl=60, now=1000)
    assert tokens.verify(KEY, token, now=1059) == ALICE
    assert tokens.verify(KEY, token, now=1061) is None  # expired
    assert tokens.verify(b"x" * 32, token, now=1000) is None  # another key
    who, expiry, signature = token.split(".")
    assert tokens.verify(KEY, f"{who}.{int(expiry) + 999}.{signature}", now=1000) is None
    assert tokens.verify(KEY, "not a token", now=1000) is None
    with pytest.raises(tokens.TokenKeyError):
        tokens.check_key("short")


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_session_issues_a_token_the_socket_accepts(rt_servers: dict[str, str],
                                                   backend: str) -> None:
    base = rt_servers[backend]
    anonymous = httpx.get(base + "session/").json()
    assert anonymous["ws_token"] is None
    token = httpx.get(base + "session/", headers={"Authorization": "Bearer alice"}).json()[
        "ws_token"]

    async def run() -> tuple[str, str]:
        async with websockets.connect(ws_url(base) + "?token=" + token,
                                      open_timeout=WAIT) as ws:  # no Authorization header
            await ws.send('{"type":"call","id":1,"function":"add_note","args":{"text":"t"}}')
            signed_in = str(await ws.recv())
        try:
            async with websockets.connect(ws_url(base) + "?token=" + token[:-1] + "0",
                                          open_timeout=WAIT):
                refused = "accepted"
        except websockets.InvalidStatus as err:
            refused = f"refused {err.response.status_code}"
        return signed_in, refused

    signed_in, refused = asyncio.run(run())
    assert '"status":200' in signed_in  # add_note needs a signed-in user
    assert refused == "refused 403"


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_signing_out_closes_that_users_sockets(rt_servers: dict[str, str],
                                               backend: str) -> None:
    base = rt_servers[backend]

    async def run() -> tuple[list[int | None], str]:
        async with connect(base, "alice") as a1, connect(base, "alice") as a2, \
                connect(base, "bob") as b:
            async with httpx.AsyncClient() as http:
                r = await http.post(base + "call/", json={"function": "sign_out"},
                                    headers={"Authorization": "Bearer alice"})
                assert r.status_code == 200
            codes = []
            for s in (a1, a2):
                try:
                    await s.recv()
                    codes.append(None)
                except websockets.ConnectionClosed as closed:
                    codes.append(closed.rcvd.code if closed.rcvd else None)
            return codes, (await b.exchange({"type": "ping"}))[0]

    codes, still_open = asyncio.run(run())
    assert codes == [4001, 4001]
    assert still_open == '{"type":"pong"}'


async def _handshake(url: str) -> str:
    try:
        async with websockets.connect(url, open_timeout=WAIT) as ws:
            await ws.send('{"type":"ping"}')
            return str(await ws.recv())
    except websockets.InvalidStatus as err:
        return f"refused {err.response.status_code}"


def _token(base: str, user: str) -> str:
    return str(httpx.get(base + "session/", headers={"Authorization": f"Bearer {user}"})
               .json()["ws_token"])


async def _accepted_token(base: str, user: str) -> str | None:
    """A token the socket accepts. After a sign-out of the user (an earlier test's),
    one issued in the second of the sign-out is refused with the older ones: asked
    again until the next second."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        token = _token(base, user)
        if await _handshake(ws_url(base) + "?token=" + token) == '{"type":"pong"}':
            return token
        await asyncio.sleep(0.1)
    return None


def _sign_out(how: str, base: str, user: str) -> None:
    if how == "user_logged_out":  # as django.contrib.auth.logout does
        r = httpx.post(base.replace("api/mizan/", "logout/"),
                       headers={"Authorization": f"Bearer {user}"})
        assert r.status_code == 204
    else:
        r = httpx.post(base + "call/", json={"function": "sign_out"},
                       headers={"Authorization": f"Bearer {user}"})
        assert r.status_code == 200


@pytest.mark.parametrize(("backend", "how"), [("fastapi", "registry.sign_out"),
                                              ("django", "registry.sign_out"),
                                              ("django", "user_logged_out")])
def test_signing_out_revokes_the_users_connection_tokens(rt_servers: dict[str, str],
                                                         backend: str, how: str) -> None:
    base = rt_servers[backend]

    async def run() -> tuple[int | None, str, str, bool]:
        alices, bobs = await _accepted_token(base, "alice"), _token(base, "bob")
        assert alices is not None
        async with websockets.connect(ws_url(base) + "?token=" + alices,
                                      open_timeout=WAIT) as open_socket:
            await open_socket.send('{"type":"ping"}')
            await open_socket.recv()
            await asyncio.to_thread(_sign_out, how, base, "alice")
            try:
                await asyncio.wait_for(open_socket.recv(), WAIT)
                closed = None
            except websockets.ConnectionClosed as err:
                closed = err.rcvd.code if err.rcvd else None
        return (closed, await _handshake(ws_url(base) + "?token=" + alices),
                await _handshake(ws_url(base) + "?token=" + bobs),
                await _accepted_token(base, "alice") is not None)

    closed, old_token, other_user, fresh = asyncio.run(run())
    assert closed == 4001  # the socket opened with the token is closed
    assert old_token == "refused 403"  # and the token no longer opens one
    assert other_user == '{"type":"pong"}'
    assert fresh
