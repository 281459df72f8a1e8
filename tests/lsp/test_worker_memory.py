"""The check worker's memory stays bounded over many edits because it is recycled."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from mizan_spec.lsp.pool import CheckWorker

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
from synth import synth_spec


def test_rss_stays_bounded_over_many_checks(tmp_path: Path) -> None:
    spec = tmp_path / "spec.mizan.kdl"
    text = synth_spec(100)
    spec.write_text(text, encoding="utf-8")

    async def run() -> tuple[list[int], int]:
        worker = CheckWorker(max_checks=25, max_rss=1 << 40)
        seen = []
        for i in range(125):
            reply = await worker.check([str(tmp_path)], {str(spec.resolve()): text + f"// {i}\n"})
            assert reply["files"][str(spec.resolve())]["diagnostics"] == []
            seen.append(worker.last_rss)
        await worker.close()
        return seen, worker.recycled

    seen, recycled = asyncio.run(run())
    assert recycled == 5
    first_life = max(seen[:25])
    assert max(seen) < first_life + 8 * 2**20, (first_life, max(seen))
