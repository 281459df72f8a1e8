"""Per-request resources through an ordinary FastAPI `yield` dependency: one per
request, shared by the members of one `ctx/` fetch (they see each other's writes), its
cleanup run after the answer, reachable typed as `call.resources`."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.servers import run_servers

ROOT = Path(__file__).resolve().parents[2]


def test_one_resource_per_request_shared_by_the_members(tmp_path: Path) -> None:
    env = {"PYTHONPATH": str(ROOT)}
    spec = ("uvicorn", "tests.runtime.resources_app:app", env, ROOT)
    with run_servers({"app": spec}, tmp_path) as urls:
        base = urls["app"]
        first = httpx.get(base + "ctx/page/").json()["results"]
        second = httpx.get(base + "ctx/page/").json()["results"]
        one = httpx.post(base + "call/", json={"function": "title"}).json()["result"]
        origin = base.removesuffix("/api/mizan/")
        log: list[str] = []
        for _ in range(50):  # the cleanup runs once the answer is out
            log = httpx.get(origin + "/log").json()
            if log and log[-1].startswith("close") and len(log) % 2 == 0 and len(log) >= 6:
                break
            time.sleep(0.02)
    number = first["rows"]["result"] - 1000
    assert first["title"]["result"] == 2000 + number  # the same connection: two rows
    assert second == {"rows": {"result": 1000 + number + 1},
                      "title": {"result": 2000 + number + 1}}
    assert one == 1000 + number + 2
    assert log[-6:] == [f"{what} {n}" for n in (number, number + 1, number + 2)
                        for what in ("open", "close")]
    assert log.count(f"open {number}") == 1


def test_the_resource_is_typed(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "uses.py").write_text(
        "from fastapi import Request\n"
        "from mizan_spec.runtime import Call\n"
        "from tests.runtime.resources_app import Db\n\n\n"
        "def good(call: Call[Request, Db]) -> int:\n"
        "    return call.resources.number\n\n\n"
        "def bad(call: Call[Request, Db]) -> int:\n"
        "    return call.resources.no_such_attribute\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           str(tmp_path / "uses.py")], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert errors and all("uses.py:11:" in line for line in errors), done.stdout
    assert '"Db" has no attribute "no_such_attribute"' in done.stdout
