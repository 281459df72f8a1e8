"""Which channel bindings are generated, and the Vue channel composables and Svelte
channel stores in Node (its WebSocket),
against live FastAPI and Django servers of the realtime test app: params that change
subscribe again, a refused subscription shows its error, and the socket closes when
the scope ends (Vue) or the last subscriber leaves (Svelte store contract). The page
scenario in real Chromium is tests/clients/browser/test_*realtime_browser.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mizan_spec.compile import compile_spec
from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from tests.clients.conftest import EXAMPLE
from tests.clients.tsbuild import TS_DIR, tsc, workspace
from tests.servers import ServerSpec, run_servers

ROOT = Path(__file__).resolve().parents[2]
REALTIME = ROOT / "tests" / "realtime"
CHANNELS_SPEC = ROOT / "spec" / "conformance" / "valid" / "channels"
BACKENDS = {"fastapi": ("uvicorn", "rt_fastapi:app"), "django": ("uvicorn", "rt_django:asgi_app")}


def test_channel_bindings_come_with_their_front_end_and_channels(tmp_path: Path) -> None:
    """vue_channels.ts with --vue, svelte_channels.ts with --svelte, only when the spec
    has channels; `send` only on channels that declare it; params optional (`= {}`)
    when every parameter is; a file with no sending channel imports no `get`."""
    plain = compile_spec([EXAMPLE.spec]).ir
    assert plain is not None and not plain.channels
    assert not {"vue_channels.ts", "svelte_channels.ts"} & set(
        generate_typescript(plain, "x", vue=True, svelte=True))
    ir = compile_spec([CHANNELS_SPEC]).ir
    assert ir is not None
    assert not {"vue_channels.ts", "svelte_channels.ts"} & set(
        generate_typescript(ir, "x", react=True))
    files = generate_typescript(ir, "x", vue=True, svelte=True)
    vue, svelte = files["vue_channels.ts"], files["svelte_channels.ts"]
    assert ("export function useChatChannel(params: MaybeRefOrGetter<channels.ChatChannelParams>, "
            "options: ChannelOptions = {}): SendChannelState<types.ChatMessage, types.ChatPost>"
            ) in vue
    assert ("export function useScoresChannel(params: "
            "MaybeRefOrGetter<channels.ScoresChannelParams> = {}, "
            "options: ChannelOptions = {}): ChannelState<types.Score>") in vue
    assert ("export function chatChannel(params: channels.ChatChannelParams | "
            "Readable<channels.ChatChannelParams>, options: ChannelOptions = {}, "
            "client: MizanClient = getMizanClient()): "
            "SendChannelStore<types.ChatMessage, types.ChatPost>") in svelte
    assert "): ChannelStore<string[]> {" in svelte  # alerts: listen only
    assert 'import { get, readable } from "svelte/store";' in svelte
    spec = tmp_path / "feed.mizan.kdl"
    spec.write_text('mizan 1\n\nchannel feed message=str\n', encoding="utf-8")
    listen_only = compile_spec([spec]).ir
    assert listen_only is not None
    files = generate_typescript(listen_only, "feed.mizan.kdl", vue=True, svelte=True)
    assert 'import { readable } from "svelte/store";' in files["svelte_channels.ts"]
    assert "send" not in files["vue_channels.ts"].split("function channelState")[1]


@pytest.fixture(scope="module")
def build(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(REALTIME))
    try:
        from rt_app import registry
    finally:
        sys.path.remove(str(REALTIME))
    root = workspace(tmp_path_factory.mktemp("channel-bindings"), node_modules)
    write_files(root / "api", generate_typescript(registry.export_ir(), "rt_app", vue=True,
                                                  svelte=True))
    shutil.copy(TS_DIR / "channel_bindings_test.ts", root / "channel_bindings_test.ts")
    result = tsc(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    env = {"PYTHONPATH": os.pathsep.join([str(REALTIME), str(ROOT)])}
    specs: dict[str, ServerSpec] = {name: (kind, target, env, REALTIME)
                                    for name, (kind, target) in BACKENDS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("channel-logs")) as urls:
        yield urls


def _node() -> list[str]:
    """Node with a global WebSocket: built in from Node 22, behind a flag in Node 20."""
    probe = subprocess.run(["node", "-e", "process.exit(typeof WebSocket === 'function' ? 0 : 1)"],
                           capture_output=True, timeout=30)
    return ["node"] if probe.returncode == 0 else ["node", "--experimental-websocket"]


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_vue_composables_and_svelte_stores_follow_params_and_lifetimes(
        build: Path, servers: dict[str, str], backend: str) -> None:
    script = build / "dist" / "channel_bindings_test.js"
    done = subprocess.run([*_node(), "--no-warnings", str(script), servers[backend]],
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stdout + done.stderr
    steps: list[tuple[str, Any]] = [tuple(s) for s in json.loads(done.stdout)]
    assert steps == [
        ("vue server render", ["<p>idle 0</p>", "idle"]),
        ("vue first room", ["alice: one"]),
        ("vue refused", "forbidden"),
        ("vue second room", ["alice: two"]),  # not "old room", sent to the first
        ("vue state", "open"),
        ("vue after scope", "idle"),
        ("svelte before subscribers", "idle"),
        ("svelte subscribed and left at once", []),  # no socket: what SSR does is free
        ("svelte first subscriber", ["bob: one"]),
        ("svelte second subscriber", ["bob: one", "bob: two"]),
        ("svelte first stopped at", ["bob: one"]),
        ("svelte new params", ["bob: three"]),
        ("svelte refused", "forbidden"),
        ("svelte after last subscriber", "idle"),
    ]
