"""The TypeScript realtime transport in Node 20 (over the `ws` package) against two live
processes of the realtime test app on each backend, sharing a real Redis (see
ts/realtime_test.ts): it reconnects with backoff when the server is down and resumes
after the last sequence it saw, reports a gap beyond the kept window (the app
refetches), gives up a socket whose server stopped answering and reconnects, surfaces
a refused subscribe without retrying it, carries `websocket` calls over the socket only
while it is open (with the answers of `call/`), and applies live invalidations."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from tests.clients.tsbuild import TS_DIR, tsc, workspace
from tests.realtime.conftest import HERE as REALTIME
from tests.realtime.restartable import Server, pair
from tests.redis_server import redis_url

__all__ = ["redis_url"]  # the fixture

DEADLINE = 120.0


@pytest.fixture(scope="module")
def rt_build(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The realtime app's client (rt/) and the script, compiled by tsc --strict."""
    sys.path.insert(0, str(REALTIME))
    try:
        from rt_app import registry
    finally:
        sys.path.remove(str(REALTIME))
    root = workspace(tmp_path_factory.mktemp("ts-realtime"), node_modules)
    write_files(root / "rt", generate_typescript(registry.export_ir(), "rt_app", react=False))
    shutil.copy(TS_DIR / "realtime_test.ts", root / "realtime_test.ts")
    result = tsc(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def pairs(redis_url: str, tmp_path_factory: pytest.TempPathFactory,
          ) -> Iterator[dict[str, tuple[Server, Server]]]:
    logs = tmp_path_factory.mktemp("ts-realtime-logs")
    with ExitStack() as stack:
        yield {backend: stack.enter_context(pair(backend, redis_url, logs))
               for backend in ("fastapi", "django")}


def run(build: Path, scenario: str, servers: tuple[Server, Server]) -> dict[str, Any]:
    """Run one scenario, doing what it asks of server A; its result."""
    a, b = servers
    actions = {"down a": a.down, "up a": a.up, "pause a": a.pause, "resume a": a.resume}
    proc = subprocess.Popen(["node", str(build / "dist" / "realtime_test.js"), scenario,
                             a.url, b.url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in proc.stdout or ():
            lines.put(line)
        lines.put("")  # the script ended

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + DEADLINE
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = ""
            if not line:
                proc.kill()
                raise AssertionError(f"{scenario}: no result\n{proc.stderr.read()}")
            frame = json.loads(line)
            if "result" in frame:
                result: dict[str, Any] = frame["result"]
                return result
            actions[frame["ask"]]()
            proc.stdin.write("ok\n")
            proc.stdin.flush()
    finally:
        a.resume()
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_reconnects_with_backoff_resumes_and_reports_a_gap(
        rt_build: Path, pairs: dict[str, tuple[Server, Server]], backend: str) -> None:
    result = run(rt_build, "resume", pairs[backend])
    # 1 before the first restart, 2-4 missed while down and resumed, 100-124 lost in
    # the gap, 900 after it: none repeated
    assert result["got"] == [1, 2, 3, 4, 900]
    assert result["gaps"] == 1
    assert isinstance(result["resumed"]["after"], int)
    # while refused, attempts back off (250 ms, 500 ms, 1 s, ...): a few in 2 s
    assert 1 <= result["attempts"] <= 6
    states = result["states"]
    assert states[0] == "connecting" and states[-1] == "idle"
    assert states.count("reconnecting") == 2 and states.count("open") == 3


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_a_silent_server_is_given_up_and_reconnected(
        rt_build: Path, pairs: dict[str, tuple[Server, Server]], backend: str) -> None:
    result = run(rt_build, "heartbeat", pairs[backend])
    assert result["got"] == [1, 2]  # the message published meanwhile came on the resume
    assert result["pings"] >= 1
    assert result["states"][:4] == ["connecting", "open", "reconnecting", "open"]
    assert result["sockets"] >= 2


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_a_refused_subscribe_is_surfaced_and_not_retried(
        rt_build: Path, pairs: dict[str, tuple[Server, Server]], backend: str) -> None:
    result = run(rt_build, "refused", pairs[backend])
    # nobody is signed in: not_authenticated (a signed-in non-staff user: forbidden)
    assert result["errors"] == [{"code": "not_authenticated", "status": 401,
                                 "message": "sign in to subscribe to this channel"}]
    assert result["heard"] == [{"text": "still here", "user": "anonymous"}]
    assert result["staffSubscribes"] == 1 and result["sockets"] == 1
    # a send to the refused room rejects with the refusal, not as a dropped socket
    assert result["sends"] == ["not_authenticated", "not_authenticated"]


@pytest.mark.parametrize("backend", ["fastapi", "django"])
def test_websocket_calls_and_live_invalidation(
        rt_build: Path, pairs: dict[str, tuple[Server, Server]], backend: str) -> None:
    result = run(rt_build, "calls", pairs[backend])
    assert result["overSocket"] == result["overHttp"]
    echo, invalid, boom, refused = result["overSocket"]
    assert echo == {"result": "hihi"}
    assert invalid["error"]["code"] == "invalid_args" and invalid["error"]["status"] == 422
    assert [i["path"] for i in invalid["error"]["issues"]] == [["count"]]
    assert boom["error"]["code"] == "internal_error" and boom["error"]["status"] == 500
    assert refused["error"] == {"code": "forbidden", "status": 403, "issues": []}
    assert result["httpRequests"] == 4 and result["socketRequests"] == 0
    assert result["callFrames"] == ["echo", "echo", "boom", "refuse"]
    assert result["httpOnly"] == 1  # not a websocket function: through call/
    assert result["closed"] == {"result": "again"} and result["afterClose"] == "call/"
    live = result["invalidation"]
    assert live["staleBefore"] is False
    # the pushed `global` made the context and its member stale (then the refetch)
    assert live["changes"][0] == {"functions": ["site_notice"], "contexts": ["global"]}
    assert live["before"] != live["after"]
