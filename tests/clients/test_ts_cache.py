"""The TypeScript kernel's cache under concurrency, in Node against the live servers:
shared context fetches, answers that left before an invalidation, and invalidateAll
(see ts/cache_test.ts); and SSR hydration of a context (ts/hydrate_test.ts)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest


def run_cache_test(ts_build: Path, base_url: str) -> dict[str, Any]:
    result = subprocess.run(["node", str(ts_build / "dist" / "cache_test.js"), base_url],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_kernel_cache_under_concurrency(ts_build: Path, live_servers: dict[str, str],
                                        backend: str) -> None:
    data = run_cache_test(ts_build, live_servers[backend])
    assert data["shared"] == {"same": True, "requests": ["ctx/user/"]}
    raced = data["raced"]
    merged = raced["merged"]
    assert merged["bio"] == "during"
    # The late answer (bio "before") is stale, and does not replace the newer merge.
    assert raced["stale"] is True
    assert raced["profile"] == {"value": merged, "stale": False}
    assert raced["returned"] == merged
    assert raced["settings_stale"] is True
    assert data["refetched"] == {"stale": False, "profile": {"value": merged, "stale": False}}
    reset = data["reset"]
    assert reset["user"] is True and reset["profile"] is True
    assert reset["heard"] == [{"functions": ["user_profile", "user_settings"],
                               "contexts": ["global", "user"], "reset": True}]
    assert data["after reset"]["requests"] == ["session/", "call/"]


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_kernel_hydrates_a_context_answer(ts_build: Path, live_servers: dict[str, str],
                                          backend: str) -> None:
    """The `hydrate` option: the body of `GET ctx/global/`, fetched server side, is
    cached fresh (nothing requested); bad bodies and unknown contexts seed nothing."""
    base = live_servers[backend]
    answer = httpx.get(f"{base}ctx/global/", headers={"Authorization": "Bearer alice"}).json()
    result = subprocess.run(["node", str(ts_build / "dist" / "hydrate_test.js"), base,
                             json.dumps(answer)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    hydrated = data["hydrated"]
    assert hydrated["stale"] is False and hydrated["requests"] == []
    members = answer["results"]
    assert {m: o.get("result") for m, o in hydrated["results"].items()} == {
        m: o.get("result") for m, o in members.items()}
    assert hydrated["results"]["admin_banner"]["error"]["code"] == "forbidden"
    assert hydrated["current_user"] == {"value": answer["results"]["current_user"]["result"],
                                        "stale": False}
    assert hydrated["user_stale"] is True  # `{"not": "an answer"}` seeded nothing
    assert data["refused"] == {"unknown": False, "not_an_answer": False}
    assert data["after reset"] == {"stale": True}
    assert data["fetched"]["stale"] is False
    assert data["fetched"]["requests"] == ["ctx/global/"]
    assert data["fetched"]["results"] == hydrated["results"]  # as if fetched here


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_kernel_revalidates_with_the_etag_and_keys_entries_by_rev(
        ts_build: Path, live_servers: dict[str, str], backend: str) -> None:
    result = subprocess.run(["node", str(ts_build / "dist" / "revalidate_test.js"),
                             live_servers[backend]], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["ctx"] == {"same": True, "seen": [
        {"path": "ctx/global/", "status": 200, "conditional": False},
        {"path": "ctx/global/", "status": 304, "conditional": True}]}
    assert data["call"]["results"] == [5, 5, 4]
    assert [(s["status"], s["conditional"]) for s in data["call"]["seen"]] == [
        (200, False), (304, True), (200, False)]
    rev = data["rev"]
    assert rev["old"] == {"value": 1, "stale": False}
    assert rev["carried"] is None  # an entry of rev 1 is not read under rev 2
    assert rev["after"] == {"value": 1, "stale": False}
    assert ["sum_items", "2"] in rev["keys"] and ["sum_items", "1"] in rev["keys"]
