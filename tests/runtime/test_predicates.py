"""The protocol core judges a predicate's answer: awaited if it is a coroutine, and only
`True` lets the call through (no server here: the core's own `handle`, as the Django
adapter runs it, with its default way of running coroutines)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from mizan_spec.runtime import Call, Registry, client
from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.wire import WireRequest

RAN: list[str] = []


async def nobody(call: Call, args: dict[str, Any]) -> bool:
    await asyncio.sleep(0)
    return False


async def even_only(call: Call, args: dict[str, Any]) -> bool:
    await asyncio.sleep(0)
    return int(args["n"]) % 2 == 0


def says_none(call: Call, args: dict[str, Any]) -> Any:
    return None


def gives_coroutine(call: Call, args: dict[str, Any]) -> Any:
    """A plain def returning an awaitable (a wrapper around an async check, say)."""
    return nobody(call, args)


registry = Registry()


@client(auth=nobody, registry=registry)
def closed(call: Call, n: int) -> int:
    RAN.append("closed")
    return n


@client(auth=even_only, registry=registry)
def evens(call: Call, n: int) -> int:
    RAN.append("evens")
    return n


@client(auth=says_none, registry=registry)
def unsure(call: Call, n: int) -> int:
    RAN.append("unsure")
    return n


@client(auth=gives_coroutine, registry=registry)
def wrapped(call: Call, n: int) -> int:
    RAN.append("wrapped")
    return n


PROTOCOL = Protocol(registry)
ALICE = Principal("1", "alice")


def _call(function: str, n: int, user: Principal | None) -> tuple[int, Any]:
    body = json.dumps({"function": function, "args": {"n": n}}).encode()
    req = WireRequest("POST", "call/", headers={"content-type": "application/json"},
                      body=body, declared_length=len(body), principal=user)
    sync = PROTOCOL.handle(req)

    async def run_sync(fn: Any) -> Any:
        return fn()

    async_ = asyncio.run(PROTOCOL.handle_async(req, run_sync))
    assert (sync.status, sync.body) == (async_.status, async_.body)
    return sync.status, json.loads(sync.body)


@pytest.mark.parametrize(("function", "n", "user", "status"), [
    ("closed", 2, None, 401), ("closed", 2, ALICE, 403),
    ("evens", 3, ALICE, 403), ("evens", 4, ALICE, 200), ("evens", 3, None, 401),
    ("unsure", 2, ALICE, 500), ("wrapped", 2, ALICE, 403),
])
def test_answer_is_judged(function: str, n: int, user: Principal | None,
                          status: int) -> None:
    RAN.clear()
    got, body = _call(function, n, user)
    assert got == status, body
    assert ([function, function] if status == 200 else []) == RAN


def test_a_non_bool_answer_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, "mizan_spec.runtime"):
        status, body = _call("unsure", 2, ALICE)
    assert status == 500 and body["error"]["code"] == "internal_error"
    assert "auth predicate 'says_none' returned NoneType, not a bool" in caplog.text
