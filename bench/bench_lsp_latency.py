"""Latency of the language server from an edit to its diagnostics, driven as an editor
drives it: `mizan-spec lsp` over stdio JSON-RPC, `initialize`, `didOpen` of every file
of a multi-file spec, then one-character `didChange`s inside one file, each timed until
the `publishDiagnostics` of that file that reflects it.

Targets (speed issue): p90 within 50 ms at 1,000 lines and within 150 ms at 5,000
lines. Each edit changes the last letter of one `field id int` in one file to the next
of `a`..`z` but `t`, so every version has one unknown type of its own (`ina`, `inb`...):
a publish is matched to its edit by that name, never to an earlier check's. Edits
are spaced by `--pause` (a typist's pause); `--tree DIR` runs the server of another
checkout alternately in the same run, for a before/after table.

    uv run python bench/bench_lsp_latency.py [--lines 1000 5000] [--files 5] [--edits 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synth import synth_spec

LINES_PER_ITEM = 13.5  # synth_spec: one type and one function per item


class Client:
    """A minimal LSP client on a server's stdio."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        # run outside any checkout: `-m` puts the working directory first on sys.path
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mizan_spec", "lsp"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        self.inbox: Queue[dict[str, Any]] = Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.inbox.put(json.loads(out.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            msg = self.inbox.get(timeout=60)
            if msg.get("id") == self.next_id and "method" not in msg:
                return msg.get("result")

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def diagnostics_of(self, uri: str, needle: str | None, timeout: float = 60) -> None:
        """Wait for a publish of `uri` naming `needle` in a diagnostic (with None: with no
        diagnostics); other messages are skipped."""
        deadline = time.perf_counter() + timeout
        while True:
            try:
                msg = self.inbox.get(timeout=max(0.0, deadline - time.perf_counter()))
            except Empty:
                raise SystemExit(f"no diagnostics for {uri} within {timeout} s") from None
            if msg.get("method") != "textDocument/publishDiagnostics" or \
                    msg["params"]["uri"] != uri:
                continue
            found = msg["params"]["diagnostics"]
            if (needle is None and not found) or (
                    needle is not None and any(needle in d["message"] for d in found)):
                return

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def write_spec(directory: Path, lines: int, files: int) -> list[Path]:
    """A spec of about `lines` lines over `files` files (the synthetic spec, split)."""
    text = synth_spec(max(2, round(lines / LINES_PER_ITEM)))
    head, _, body = text.partition("\ntype ")
    blocks = ("type " + body).split("\n\n")
    paths = []
    for i in range(files):
        part = "\n\n".join(blocks[i::files])
        path = directory / f"part{i}.mizan.kdl"
        path.write_text((head if i == 0 else "mizan 1") + "\n\n" + part + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def open_session(env: dict[str, str], root: Path, paths: list[Path]) -> Client:
    client = Client(env, root)
    client.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                  "capabilities": {}})
    client.notify("initialized", {})
    for path in paths:
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": path.as_uri(), "languageId": "kdl", "version": 1,
            "text": path.read_text(encoding="utf-8")}})
    return client


LETTERS = "abcdefghijklmnopqrsuvwxyz"  # not `t`: `int` is a type


def edit_once(client: Client, path: Path, text: str, version: int) -> float:
    """One one-character edit (from the previous version); seconds until its
    diagnostics arrive."""
    name = "in" + LETTERS[version % len(LETTERS)]
    changed = text.replace("field id int", f"field id {name}", 1)
    start = time.perf_counter()
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": path.as_uri(), "version": version},
        "contentChanges": [{"text": changed}]})
    client.diagnostics_of(path.as_uri(), f"`{name}`")
    return time.perf_counter() - start


def p90(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.9 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--pause", type=float, default=0.25)
    parser.add_argument("--tree", type=Path, help="another checkout to time alongside")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1]
    envs = {"here": {**os.environ, "PYTHONPATH": str(here)}}
    if args.tree:
        envs["tree"] = {**os.environ, "PYTHONPATH": str(args.tree.resolve())}
    print(f"{'lines':>6} {'files':>5} {'server':>6} {'median':>8} {'p90':>8} {'max':>8}")
    for lines in args.lines:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            paths = write_spec(root, lines, args.files)
            target = paths[-1]  # an edit inside one file of the spec
            text = target.read_text(encoding="utf-8")
            total = sum(p.read_text(encoding="utf-8").count("\n") for p in paths)
            clients = {name: open_session(env, root, paths) for name, env in envs.items()}
            for client in clients.values():
                client.diagnostics_of(target.as_uri(), None)  # the spec is clean
            times: dict[str, list[float]] = {name: [] for name in clients}
            for version in range(2, args.edits + 2):
                for name, client in clients.items():  # alternate: noise hits both alike
                    time.sleep(args.pause)
                    times[name].append(edit_once(client, target, text, version))
            for name, client in clients.items():
                client.close()
                ms = [s * 1000 for s in times[name]]
                print(f"{total:>6} {args.files:>5} {name:>6} {statistics.median(ms):>6.0f}ms "
                      f"{p90(ms):>6.0f}ms {max(ms):>6.0f}ms", flush=True)
    print("targets: p90 within 50 ms at 1,000 lines and within 150 ms at 5,000 lines")


if __name__ == "__main__":
    main()
