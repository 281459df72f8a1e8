"""Memory of the language server's checks over thousands of edits, with and without the
worker recycling that bounds ckdl's per-parse leak.

    uv run python bench/bench_lsp_memory.py [EDITS] [SIZE]

Sends EDITS checks of a synthetic spec (about 67 KB at SIZE=160) to the check worker,
each with a slightly different buffer, and prints the worker's resident memory as it
goes: once with recycling off (what an in-process checker would do) and once with the
default recycling.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import synth_spec

from mizan_spec.lsp.pool import DEFAULT_MAX_CHECKS, CheckWorker


async def run(edits: int, size: int, max_checks: int) -> None:
    directory = Path(tempfile.mkdtemp())
    path = directory / "spec.mizan.kdl"
    text = synth_spec(size)
    path.write_text(text, encoding="utf-8")
    worker = CheckWorker(max_checks=max_checks, max_rss=1 << 40)
    peak = 0
    started = time.perf_counter()
    for i in range(edits):
        edited = text + f"\n// edit {i}\n"
        await worker.check([str(directory)], {str(path.resolve()): edited})
        peak = max(peak, worker.last_rss)
        if (i + 1) % (edits // 5) == 0:
            print(f"  after {i + 1:5} edits: worker RSS {worker.last_rss / 2**20:6.1f} MB "
                  f"(peak {peak / 2**20:6.1f} MB, recycled {worker.recycled}x)")
    elapsed = time.perf_counter() - started
    print(f"  {edits} checks in {elapsed:.1f} s ({elapsed / edits * 1000:.1f} ms each)")
    await worker.close()


def main() -> None:
    edits = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 160
    print(f"spec of {len(synth_spec(size).encode()) / 1024:.0f} KB, {edits} edits")
    print("without recycling:")
    asyncio.run(run(edits, size, 10**9))
    print(f"recycling every {DEFAULT_MAX_CHECKS} checks (the default):")
    asyncio.run(run(edits, size, DEFAULT_MAX_CHECKS))


if __name__ == "__main__":
    main()
