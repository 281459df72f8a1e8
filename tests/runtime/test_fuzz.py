"""Fuzz `call/` on FastAPI and Django with random and mutated bodies: the answer is
always a protocol error or a success, never a 500, always in the envelope, and the
same bytes from both backends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probes import SCALARS

FUNCTIONS = ["echo", "list_posts", "get_post", "window", "scalars", "tree", "sum_items",
             "create_post", "rename_post", "update_profile", "slow_double", "nope", ""]
SEEDS: list[dict[str, Any]] = [
    {"function": "echo", "args": {"text": "hi", "count": 2, "tags": ["x"]}},
    {"function": "list_posts", "args": {"status": "draft", "limit": 5}},
    {"function": "window", "args": {"w": {"from": 1, "to": 2}}},
    {"function": "scalars", "args": {"s": SCALARS}},
    {"function": "tree", "args": {"root": {"label": "a", "children": []}}},
    {"function": "rename_post", "args": {"id": 2, "title": "t"}},
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=20)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    seed = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    args = seed["args"]
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*args, "extra", "from"]))
        args[key] = draw(json_values)
    if draw(st.booleans()):
        seed["function"] = draw(st.sampled_from(FUNCTIONS))
    text = json.dumps(seed, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 4)) == 0:  # byte-level damage
        data = bytearray(text.encode())
        pos = draw(st.integers(0, len(data) - 1))
        data[pos] = draw(st.integers(0, 255))
        return bytes(data)
    return text.encode()


bodies = st.one_of(
    mutated(),
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(lambda f, a: json.dumps({"function": f, "args": a}).encode(),
              st.sampled_from(FUNCTIONS), json_values),
)


@pytest.fixture(scope="module")
def pair(servers: dict[str, str]) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    a = httpx.Client(base_url=servers["fastapi"], timeout=30)
    b = httpx.Client(base_url=servers["django-wsgi"], timeout=30)
    yield a, b
    a.close()
    b.close()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies, user=st.sampled_from([None, "alice", "sam"]))
def test_call_fuzz(pair: tuple[httpx.Client, httpx.Client], body: bytes,
                   user: str | None) -> None:
    headers = {"Content-Type": "application/json"}
    if user:
        headers["Authorization"] = f"Bearer {user}"
    answers = [c.post("call/", content=body, headers=headers) for c in pair]
    first = answers[0]
    assert first.status_code != 500, first.content
    assert first.status_code in (200, 400, 401, 403, 404, 422), first.content
    decoded = json.loads(first.content)
    if first.status_code == 200:
        assert set(decoded) == {"result", "invalidate", "merge"}
    else:
        assert set(decoded) == {"error"} and set(decoded["error"]) == {"code", "message",
                                                                      "issues"}
    for other in answers[1:]:
        assert (other.status_code, other.content) == (first.status_code, first.content)
