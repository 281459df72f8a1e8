"""Calling the live form servers: one call to one server, or to all three at once (which
must then answer the same status, protocol headers and body bytes)."""

from __future__ import annotations

import json
from typing import Any

import httpx

PROTOCOL_HEADERS = ("content-type", "cache-control", "mizan-ir-hash")

CONTACT_OK: dict[str, Any] = {
    "name": "Ada", "email": "ada@example.com", "message": "Hello", "topic": "sales",
    "agree": True}


def post(url: str, function: str, args: Any, who: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {who}"} if who else {}
    body = {"function": function} if args is None else {"function": function, "args": args}
    return httpx.post(url + "call/", content=json.dumps(body), timeout=10,
                      headers={**headers, "Content-Type": "application/json"})


def everywhere(servers: dict[str, str], function: str, args: Any = None,
               who: str | None = None) -> tuple[int, Any]:
    """Send one call to every backend; they must agree byte for byte."""
    replies = {name: post(url, function, args, who) for name, url in servers.items()}
    first = replies["fastapi"]
    for name, r in replies.items():
        assert (r.status_code, r.content) == (first.status_code, first.content), name
        assert [r.headers.get(h) for h in PROTOCOL_HEADERS] == \
            [first.headers.get(h) for h in PROTOCOL_HEADERS], name
    return first.status_code, first.json()
