"""No traceback reaches a client for any frame: a fixed, seeded stream of several
hundred odd frames (wrong types, unknown members, surrogates, deep nesting, huge
numbers, real and unknown names) sent to both backends. Every answer is a frame of a
known type, none leaks server text, and the connection stays usable."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import pytest

from tests.realtime.conftest import BACKENDS
from tests.realtime.wsclient import connect

SERVER_TYPES = {"reply", "subscribed", "message", "gap", "unsubscribed", "sent",
                "invalidate", "error", "ping", "pong"}
NAMES = ["echo", "boom", "refuse", "add_note", "tick", "atick", "http_only", "chat",
         "ticker", "alerts", "nope", "", "__init__", "ws/"]
VALUES: list[Any] = [None, True, 0, -1, 2**53, 2**64, 1.5, "", "x", "ü🧪", [], {}, [1, [2]],
                     {"room": "r"}, {"text": "hi"}, {"topic": "fuzz", "n": 1},
                     {"text": "x" * 300}, {"room": {"nested": [1]}}]
KEYS = ["type", "id", "function", "args", "channel", "params", "after", "sub", "message",
        "extra"]
TYPES = ["call", "subscribe", "unsubscribe", "send", "ping", "pong", "reply", "CALL", ""]


def frames(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.1:
            out.append(rng.choice(['{"type":"call",', '{"type":"ping","id":"\\ud800"}',
                                   '[' * 300 + ']' * 300, '{"a":1e999}', "\u0000", " ",
                                   '{"type":"call","id":1,"function":"echo","args":' +
                                   '{"text":' * 100 + '"x"' + '}' * 100 + '}']))
            continue
        frame: dict[str, Any] = {"type": rng.choice(TYPES)}
        for key in rng.sample(KEYS[1:], rng.randint(0, 5)):
            frame[key] = rng.choice(NAMES) if key in ("function", "channel") and \
                rng.random() < 0.7 else rng.choice(VALUES)
        if rng.random() < 0.5:
            frame["id"] = rng.choice([1, 2, "s", "t", 7])
        out.append(json.dumps(frame))
    return out


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_odd_frames_get_frames_back_and_never_a_traceback(rt_servers: dict[str, str],
                                                          backend: str) -> None:
    async def run() -> list[str]:
        got: list[str] = []
        async with connect(rt_servers[backend], "alice") as s:
            for text in frames(seed=12, count=400):
                await s.send(text)
            await s.send({"type": "ping", "id": "the end"})
            while True:
                frame = await s.recv(10)
                got.append(frame)
                if frame == '{"type":"pong","id":"the end"}':
                    return got

    got = asyncio.run(run())
    assert len(got) > 300
    for text in got:
        frame = json.loads(text)
        assert frame["type"] in SERVER_TYPES
        assert "hunter2" not in text and "Traceback" not in text
        if frame["type"] == "error":
            assert frame["error"]["code"] != "internal_error" or frame["id"] is not None
