"""Calling a live test server as a client would: `call/` and `ctx/<name>/` over HTTP as
`who` (a bearer user of the test apps), asserting the protocol answered 200."""

from __future__ import annotations

from typing import Any

import httpx


def _headers(who: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {who}"} if who else {}


def call(base: str, function: str, args: dict[str, Any] | None = None,
         who: str | None = None) -> Any:
    r = httpx.post(base + "call/", json={"function": function, "args": args or {}},
                   headers=_headers(who), timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["result"]


def ctx(base: str, name: str, who: str | None = None) -> Any:
    r = httpx.get(base + f"ctx/{name}/", headers=_headers(who), timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["results"]
