"""The WebSocket wire-parity probes: scripted exchanges every backend must answer with
the same frames. Each probe takes a base URL and returns the frames it received (text,
in order); sequences are compared relative to the first one a probe saw, since every
group's first sequence comes from the clock."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

import httpx

from tests.realtime.wsclient import Socket, connect

Probe = Callable[[str], Awaitable[list[str]]]
PROBES: dict[str, Probe] = {}


def probe(fn: Probe) -> Probe:
    PROBES[fn.__name__] = fn
    return fn


def relative_seqs(frames: list[str]) -> list[str]:
    """`"seq":N` and `"after":N` as offsets from the first sequence seen by the same
    subscription id (each group starts from the clock)."""
    bases: dict[str, int] = {}
    out = []
    for f in frames:
        found = re.match(r'\{"type":"[a-z]+","id":("[^"]*"|\d+)', f)
        key = found[1] if found else ""

        def offset(m: re.Match[str], key: str = key) -> str:
            base = bases.setdefault(key, int(m[2]))
            return f'"{m[1]}":S{int(m[2]) - base:+d}'
        out.append(re.sub(r'"(seq|after)":(\d+)', offset, f))
    return out


async def _one(base: str, *frames: object, user: str | None = None) -> list[str]:
    async with connect(base, user) as s:
        return [text for frame in frames for text in await s.exchange(frame)]


@probe
async def malformed_json(base: str) -> list[str]:
    return await _one(base, '{"type": "ping",', "\ud800".encode("utf-8", "surrogatepass")
                      .decode("utf-8", "replace"), "NaN")


@probe
async def not_an_object(base: str) -> list[str]:
    return await _one(base, "[1]", "12", '"call"', "{}", {"type": 3})


@probe
async def unknown_frame_type(base: str) -> list[str]:
    return await _one(base, {"type": "hello", "id": 1}, {"type": "reply", "id": "x"})


@probe
async def oversized_frame(base: str) -> list[str]:
    big = {"type": "call", "id": 1, "function": "echo", "args": {"text": "x" * 5000}}
    return await _one(base, big, {"type": "ping", "id": 2})


@probe
async def bad_members(base: str) -> list[str]:
    return await _one(base, {"type": "call", "id": True, "function": 3, "args": [], "x": 1},
                      {"type": "subscribe", "id": "x" * 65, "channel": "chat",
                       "params": "room", "after": -1},
                      {"type": "send", "id": 1}, {"type": "unsubscribe"},
                      {"type": "ping", "id": 2**53})


@probe
async def binary_frame(base: str) -> list[str]:
    return await _one(base, b'{"type":"ping"}')


@probe
async def calls(base: str) -> list[str]:
    return await _one(
        base, {"type": "call", "id": 1, "function": "echo", "args": {"text": "hé", "count": 2}},
        {"type": "call", "id": "a", "function": "echo", "args": {"count": 0, "x": 1}},
        {"type": "call", "id": 2, "function": "echo", "args": {"text": 1}},
        {"type": "call", "id": 3, "function": "nope"},
        {"type": "call", "id": 4, "function": "http_only"},
        {"type": "call", "id": 5, "function": "boom"},
        {"type": "call", "id": 6, "function": "refuse", "args": {}},
        {"type": "call", "id": 7, "function": "add_note", "args": {"text": "x"}},
        {"type": "call", "id": 8, "function": "echo", "args": {"text": 1e400}})


@probe
async def auth_over_socket(base: str) -> list[str]:
    return await _one(base, {"type": "call", "id": 1, "function": "set_notice",
                             "args": {"text": "x"}}, user="alice")


@probe
async def unknown_channel(base: str) -> list[str]:
    return await _one(base, {"type": "subscribe", "id": 1, "channel": "nope"})


@probe
async def bad_params(base: str) -> list[str]:
    return await _one(base, {"type": "subscribe", "id": 1, "channel": "chat",
                             "params": {"room": "", "x": 1}},
                      {"type": "subscribe", "id": 2, "channel": "chat"},
                      {"type": "subscribe", "id": 3, "channel": "ticker",
                       "params": {"topic": 5}})


@probe
async def denied_subscribe(base: str) -> list[str]:
    out = await _one(base, {"type": "subscribe", "id": 1, "channel": "chat",
                            "params": {"room": "staff-room"}},
                     {"type": "subscribe", "id": 2, "channel": "alerts"})
    out += await _one(base, {"type": "subscribe", "id": 1, "channel": "chat",
                             "params": {"room": "staff-room"}}, user="alice")
    return out


@probe
async def too_many_subscriptions(base: str) -> list[str]:
    frames = [{"type": "subscribe", "id": i, "channel": "ticker",
               "params": {"topic": f"many-{i}"}} for i in range(5)]
    frames.insert(1, {"type": "subscribe", "id": 0, "channel": "ticker",
                      "params": {"topic": "again"}})
    return await _one(base, *frames)


@probe
async def unsubscribe(base: str) -> list[str]:
    async with connect(base) as s:
        out = await s.exchange({"type": "subscribe", "id": "t", "channel": "ticker",
                                "params": {"topic": "unsub"}})
        out += await s.exchange({"type": "unsubscribe", "id": "t"})
        out += await s.exchange({"type": "call", "id": 1, "function": "tick",
                                 "args": {"topic": "unsub", "n": 1}})
        await s.nothing()
        out += await s.exchange({"type": "unsubscribe", "id": "t"})
        return out


@probe
async def send_frames(base: str) -> list[str]:
    async with connect(base, "alice") as s:
        out = await s.exchange({"type": "subscribe", "id": "c", "channel": "chat",
                                "params": {"room": "send-probe"}})
        out += await s.exchange({"type": "subscribe", "id": "t", "channel": "ticker",
                                 "params": {"topic": "send-probe"}})
        out += await s.exchange({"type": "send", "id": 1, "sub": "c",
                                 "message": {"text": "hi ✓"}}, 2)
        out += await s.exchange({"type": "send", "id": 2, "sub": "t",
                                 "message": {"n": 1}})
        out += await s.exchange({"type": "send", "id": 3, "sub": "c",
                                 "message": {"text": "", "extra": 1}})
        out += await s.exchange({"type": "send", "id": 4, "sub": "zz", "message": {}})
        return out


@probe
async def publish_from_functions(base: str) -> list[str]:
    async with connect(base) as listener, connect(base) as caller:
        out = await listener.exchange({"type": "subscribe", "id": "t", "channel": "ticker",
                                       "params": {"topic": "pub"}})
        out += await caller.exchange({"type": "call", "id": 1, "function": "tick",
                                      "args": {"topic": "pub", "n": 1}})
        out += await caller.exchange({"type": "call", "id": 2, "function": "atick",
                                      "args": {"topic": "pub", "n": 2, "count": 2}})
        out += [await listener.recv() for _ in range(3)]
        return out


@probe
async def resume_after_drop(base: str) -> list[str]:
    sub = {"type": "subscribe", "id": "t", "channel": "ticker", "params": {"topic": "resume"}}
    async with connect(base) as s, connect(base) as other:
        out = await s.exchange(sub)
        await other.exchange({"type": "call", "id": 1, "function": "tick",
                              "args": {"topic": "resume", "n": 1}})
        out.append(await s.recv())
    last = int(re.findall(r'"seq":(\d+)', out[-1])[0])
    async with connect(base) as other:
        await other.exchange({"type": "call", "id": 1, "function": "atick",
                              "args": {"topic": "resume", "n": 2, "count": 2}})
    async with connect(base) as s:
        out += await s.exchange({**sub, "after": last}, 3)
        out += await s.exchange({**sub, "id": "u", "after": last + 2})
    return out


@probe
async def gap_beyond_window(base: str) -> list[str]:
    sub = {"type": "subscribe", "id": "t", "channel": "ticker", "params": {"topic": "gap"}}
    async with connect(base) as s:
        out = await s.exchange(sub)
    first = int(re.findall(r'"seq":(\d+)', out[0])[0])
    async with connect(base) as other:
        await other.exchange({"type": "call", "id": 1, "function": "atick",
                              "args": {"topic": "gap", "n": 0, "count": 25}})
    async with connect(base) as s:
        out += await s.exchange({**sub, "after": first}, 2)
        out += await s.exchange({**sub, "id": "future", "after": first + 1000}, 2)
    return out


@probe
async def heartbeats(base: str) -> list[str]:
    async with connect(base) as s:
        out = await s.exchange({"type": "ping", "id": "p"})
        out += await s.exchange({"type": "ping"})
        await s.send({"type": "pong"})  # answers nothing
        await s.send({"type": "pong", "id": 3})
        out += await s.exchange({"type": "ping", "id": 0})
        return out


@probe
async def live_invalidation(base: str) -> list[str]:
    async with connect(base, "alice") as a1, connect(base, "alice") as a2, \
            connect(base, "bob") as b, connect(base) as anon, connect(base, "sam") as sam:
        out = await a1.exchange({"type": "call", "id": 1, "function": "add_note",
                                 "args": {"text": "n"}})
        out.append(await a2.recv())
        await b.nothing()
        await anon.nothing()
        await a1.nothing(0.1)
        out += await sam.exchange({"type": "call", "id": 2, "function": "set_notice",
                                   "args": {"text": "hello"}})
        for s in (a1, a2, b, anon):
            out.append(await s.recv())
        await sam.nothing(0.1)
        async with httpx.AsyncClient() as http:  # a mutation over call/ is pushed too
            reply = await http.post(base + "call/", json={"function": "set_notice",
                                                          "args": {"text": "again"}},
                                    headers={"Authorization": "Bearer sam"})
        out.append(reply.text)
        for s in (a1, sam):
            out.append(await s.recv())
        return out


@probe
async def origin_check(base: str) -> list[str]:
    import websockets

    outcomes = []
    for origin in ("http://evil.example", base.removesuffix("/api/mizan/")):
        try:
            async with connect(base, origin=origin) as s:
                outcomes += await s.exchange({"type": "ping"})
        except websockets.InvalidStatus as err:
            outcomes.append(f"refused {err.response.status_code}")
    return outcomes


@probe
async def ir_hash_check(base: str) -> list[str]:
    async with httpx.AsyncClient() as http:
        served = (await http.get(base + "session/")).json()["ir_hash"]
    call = {"type": "call", "function": "echo", "args": {"text": "hi"}}
    return await _one(base, {**call, "id": 1, "ir_hash": served},
                      {**call, "id": 2, "ir_hash": "0" * 64},
                      {**call, "id": 3, "ir_hash": 7},
                      {**call, "id": 4, "function": "no_such", "ir_hash": "0" * 64})


async def run_all(base: str) -> dict[str, list[str]]:
    results = {}
    for name, fn in PROBES.items():
        results[name] = relative_seqs(await asyncio.wait_for(fn(base), 30))
    return results


def reply_body(frame: str) -> str:
    """The body of a `reply` frame, as the bytes it carries."""
    head = re.match(r'\{"type":"reply","id":[^,]*,"status":\d+,"body":', frame)
    assert head is not None, frame
    return frame[head.end():-1]


async def call_bytes(base: str, function: str, args: dict[str, object],
                     user: str | None = None) -> tuple[int, str, int, str]:
    """(socket status, socket body, call/ status, call/ body) of one call."""
    async with connect(base, user) as s:
        frame = (await s.exchange({"type": "call", "id": 1, "function": function,
                                   "args": args}))[0]
    status = int(re.findall(r'"status":(\d+)', frame)[0])
    headers = {"Authorization": f"Bearer {user}"} if user else {}
    async with httpx.AsyncClient() as http:
        r = await http.post(base + "call/", json={"function": function, "args": args},
                            headers=headers)
    return status, reply_body(frame), r.status_code, r.text


__all__ = ["PROBES", "Socket", "call_bytes", "relative_seqs", "run_all"]
