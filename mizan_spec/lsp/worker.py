"""The check worker: a child process that compiles specs for the language server.

ckdl keeps C memory from every parse (about 160 KB per 67 KB document), so parsing on
each keystroke inside the server would grow it without end. The server sends each check
here instead, one JSON line per request, and gets one JSON line back with this process's
resident memory, so the server can recycle the worker and give the memory back.

- `{"op": "check", "paths": [...], "overlay": {path: text}, "encoding": ..., "root": ...}`: a unit's
  roots and its open buffers (those not on disk yet compiled with the roots, see
  `units.unit_paths`); the reply is every file's diagnostics and the spec's names
  (`index.build_diagnostics`). A check always compiles (files on disk may have changed).
- `{"op": "index", "path": file, ...the same fields}`: that file's symbols and
  hover/definition entries (`index.build_file_index`), from the last compilation when
  it was of the same roots and buffers (the check the server just published), else
  after compiling again (a recycled worker).

Between checks the worker keeps the parsed files (`parse.cache`): an edit re-parses the
file it changed, every other file of the spec is reused while its bytes are the same.

The worker owns its process, so it owns its garbage collector too: collections run after
each reply is written, while the editor reads it, never in the middle of a check (with
thousands of cached nodes alive, a full collection there took a third of a check). The
young generations are collected after every request and everything every
`FULL_COLLECTION_EVERY` requests, so a replaced file's parse is freed within that many.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import Any

from mizan_spec.compile import Compilation, compile_spec
from mizan_spec.lsp.index import build_diagnostics, build_file_index
from mizan_spec.lsp.units import unit_paths
from mizan_spec.parse.cache import ParseCache

FULL_COLLECTION_EVERY = 8


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class Worker:
    def __init__(self) -> None:
        self.cache = ParseCache()
        self.last_key: tuple[Any, ...] | None = None
        self.last: Compilation | None = None
        self.files: dict[tuple[str, str], dict[str, Any]] = {}  # (path, encoding) -> index

    def compile(self, request: dict[str, Any], *, reuse: bool) -> Compilation:
        """Compile what the request names; with `reuse`, the last compilation serves
        when it was of the same roots and buffers (files on disk are read again by any
        compilation, so a check always compiles)."""
        overlay_text = request.get("overlay", {})
        root = request.get("root")
        key = (tuple(request.get("paths", [])), tuple(sorted(overlay_text.items())), root)
        if reuse and self.last is not None and key == self.last_key:
            return self.last
        roots = [Path(p) for p in key[0]]
        overlay = {Path(k): v for k, v in overlay_text.items()}
        self.last_key, self.last, self.files = None, None, {}
        result = compile_spec(unit_paths(roots, overlay), overlay, want_ir=False,
                              cache=self.cache, root=Path(root) if root else None)
        self.last_key, self.last = key, result
        return result

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        encoding = str(request.get("encoding", "utf-16"))
        try:
            wants_index = request.get("op") == "index"
            result = self.compile(request, reuse=wants_index)
            if wants_index:
                where = (str(request.get("path", "")), encoding)
                if where not in self.files:
                    self.files[where] = build_file_index(result, where[0], encoding)
                reply = dict(self.files[where])
            else:
                reply = build_diagnostics(result, encoding)
        except Exception as e:  # never let one bad input take the editor's checks down
            self.last_key, self.last, self.files = None, None, {}
            self.cache = ParseCache()
            reply = {"files": {}, "names": {}, "error": f"{type(e).__name__}: {e}"}
        reply["rss"] = rss_bytes()
        return reply


def main() -> None:
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but replies may reach the pipe
    worker = Worker()
    gc.disable()
    for served, line in enumerate(sys.stdin, 1):
        try:
            request = json.loads(line)
        except json.JSONDecodeError:
            continue
        out.write(json.dumps(worker.handle(request), ensure_ascii=True) + "\n")
        out.flush()
        collect_after(served)


def collect_after(served: int) -> None:
    """The collection due after the `served`-th request (the collector is off otherwise)."""
    gc.collect(2 if served % FULL_COLLECTION_EVERY == 0 else 1)


if __name__ == "__main__":
    main()
