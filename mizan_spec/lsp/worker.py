"""The check worker: a child process that compiles specs for the language server.

ckdl keeps C memory from every parse (about 160 KB per 67 KB document), so parsing on
each keystroke inside the server would grow it without end. The server sends each check
here instead, one JSON line per request (`{"paths": [...], "overlay": {path: text}}`: a
unit's roots and its open buffers, those not on disk yet compiled with the roots, see
`units.unit_paths`), and gets one JSON line back: the index of `lsp.index` plus this
process's resident memory, so the server can recycle the worker and give the memory
back to the system.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from mizan_spec.compile import compile_spec
from mizan_spec.lsp.index import build_index
from mizan_spec.lsp.units import unit_paths


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def handle(request: dict[str, Any]) -> dict[str, Any]:
    roots = [Path(p) for p in request.get("paths", [])]
    overlay = {Path(k): v for k, v in request.get("overlay", {}).items()}
    try:
        result = compile_spec(unit_paths(roots, overlay), overlay, want_ir=False)
        reply = build_index(result, str(request.get("encoding", "utf-16")))
    except Exception as e:  # never let one bad input take the editor's checks down
        reply = {"files": {}, "names": {}, "error": f"{type(e).__name__}: {e}"}
    reply["rss"] = rss_bytes()
    return reply


def main() -> None:
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but replies may reach the pipe
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except json.JSONDecodeError:
            continue
        out.write(json.dumps(handle(request), ensure_ascii=True) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
