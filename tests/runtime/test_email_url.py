"""The `email` and `url` scalars on the wire: one rule, one issue, every backend.

A value passes exactly when `mizan_spec.ir.formats` says so; a bad one is a `wrong_type`
issue with the scalar's own message, the same bytes from FastAPI, Django ASGI and
Django WSGI (served for real on 127.0.0.1).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from pydantic import BaseModel, ValidationError

from mizan_spec.ir import formats
from mizan_spec.runtime import Email, Url
from mizan_spec.runtime.errors import invalid_args

EMAIL = "must be an email address"
URL = "must be a URL (http or https)"


@pytest.fixture(scope="module")
def clients(servers: dict[str, str]) -> Iterator[dict[str, httpx.Client]]:
    made = {name: httpx.Client(base_url=url, timeout=30) for name, url in servers.items()}
    yield made
    for c in made.values():
        c.close()


def _answers(clients: dict[str, httpx.Client], args: dict[str, object]) -> bytes:
    bodies = {name: c.post("call/", json={"function": "contact", "args": args})
              for name, c in clients.items()}
    first = next(iter(bodies.values()))
    for name, r in bodies.items():
        assert (r.status_code, r.content) == (first.status_code, first.content), name
    return first.content


def test_good_values_pass_and_come_back_unchanged(clients: dict[str, httpx.Client]) -> None:
    c = {"address": "o'neil.x+tag@mail.example.org", "site": "http://localhost:8000/p?q=1"}
    body = json.loads(_answers(clients, {"c": c, "cc": ["a@b.co"], "reply_to": "z@y.io"}))
    assert body["result"] == c


def test_bad_values_are_wrong_type_issues_with_the_scalars_messages(
        clients: dict[str, httpx.Client]) -> None:
    args = {"c": {"address": "ada@localhost", "site": "ftp://example.com/"},
            "cc": ["", 5, "a@b.co", "x" * 250 + "@example.com"], "reply_to": "a b@c.de"}
    body = json.loads(_answers(clients, args))
    issues = body["error"]["issues"]
    assert body["error"]["code"] == "invalid_args"
    assert issues == [
        {"path": ["c", "address"], "code": "wrong_type", "message": EMAIL},
        {"path": ["c", "site"], "code": "wrong_type", "message": URL},
        {"path": ["cc", 0], "code": "wrong_type", "message": EMAIL},
        {"path": ["cc", 1], "code": "wrong_type", "message": EMAIL},
        {"path": ["cc", 3], "code": "wrong_type", "message": EMAIL},
        {"path": ["reply_to"], "code": "wrong_type", "message": EMAIL},
    ]


class _Both(BaseModel):
    e: Email
    u: Url


CASES = ["ada@example.com", "a.b@c.d.ef", "a..b@example.com", ".a@example.com",
         "a@-example.com", "a@example.c", "a@example.123", "a@ex_ample.com", "ü@example.com",
         "a@example.com ", "http://example.com", "https://example.com:8080/a b",
         "https://exa mple.com", "https://example.com/ü", "https://example.com/%7E?x=[1]",
         "HTTPS://example.com", "https://", "https://a", "mailto:a@example.com",
         "a" * 243 + "@example.com", "a" * 244 + "@example.com",
         "https://example.com/" + "a" * 2028, "https://example.com/" + "a" * 2029]


@pytest.mark.parametrize("value", CASES)
def test_the_runtime_accepts_exactly_what_the_rule_accepts(value: str) -> None:
    expected = []
    if not formats.is_email(value):
        expected.append({"path": ["e"], "code": "wrong_type", "message": EMAIL})
    if not formats.is_url(value):
        expected.append({"path": ["u"], "code": "wrong_type", "message": URL})
    try:
        _Both.model_validate({"e": value, "u": value})
        issues: list[object] = []
    except ValidationError as e:
        issues = [i.to_wire() for i in invalid_args(e).issues]
    assert issues == expected
