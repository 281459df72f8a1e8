"""A per-caller cache entry never reaches anyone else, on every backend: `user_profile`
is cached (`cache="30s"`, a member of the `user` context, so kept per caller); what
alice's fetch stored is never served to sam, to an anonymous caller, or to alice once she
has signed out, and her own mutation (`affects user`) reaches her next fetch."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.runtime.conftest import BACKENDS


def _profile(base: str, who: str | None) -> Any:
    headers = {"Authorization": f"Bearer {who}"} if who else {}
    reply = httpx.get(base + "ctx/user/", headers=headers, timeout=10)
    assert reply.status_code == 200, reply.text
    assert reply.headers["Cache-Control"] == "private, no-cache"  # kept per caller
    return reply.json()["results"]["user_profile"]


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_callers_cached_entry_reaches_no_one_else(servers: dict[str, str],
                                                    backend: str) -> None:
    base = servers[backend]
    bio = f"alice on {backend}"
    done = httpx.post(base + "call/", json={"function": "update_profile", "args": {"bio": bio}},
                      headers={"Authorization": "Bearer alice"}, timeout=10)
    assert done.status_code == 200, done.text
    for _ in range(2):  # the second read is served from the cache
        assert _profile(base, "alice")["result"]["bio"] == bio
    sam = _profile(base, "sam")["result"]
    assert (sam["username"], sam["bio"]) == ("sam", "")
    # anonymous, which is also alice after she signs out (her token no longer sent)
    assert _profile(base, None)["error"]["code"] == "not_authenticated"
    assert _profile(base, "alice")["result"]["bio"] == bio  # still hers, still only hers
    newer = f"{bio}, edited"
    httpx.post(base + "call/", json={"function": "update_profile", "args": {"bio": newer}},
               headers={"Authorization": "Bearer alice"}, timeout=10).raise_for_status()
    assert _profile(base, "alice")["result"]["bio"] == newer  # read your own write
    assert _profile(base, "sam")["result"]["bio"] == ""
