"""Benchmark `check` and `ir` against raw `ckdl.parse` of the same file, in one run.

Targets (spec-language issue): in-process check of the 1,000-function spec within 5x
of the raw parse; whole-process `mizan-spec check` on it under 0.5 s. Speed issue: `ir`
(compile, lower, write the text) within 2x `check` at every size, in process and as
whole processes (`ir/check` columns). Figures are the best CPU time of `--repeat` runs.
Run from outside the tree with PYTHONPATH=OTHER_CHECKOUT to time another checkout.

    uv run python bench/bench_check.py [--sizes 1000 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import ckdl

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_spec

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best CPU time of `repeat` runs: on a machine shared with other work, wall time
    measures the neighbours; CPU time (of this process and of its children) the work."""
    times = []
    for _ in range(repeat):
        start = _cpu()
        fn()
        times.append(_cpu() - start)
    return min(times)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'size':>6} {'bytes':>9} {'ckdl.parse':>11} {'check':>9} {'ratio':>6} "
          f"{'ir':>9} {'ratio':>6} {'ir/check':>8} {'process':>9} {'ir proc':>9} "
          f"{'ir/check':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        # processes run as an installed tool does: with a bytecode cache (kept in tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pyc")
        for n in args.sizes:
            path = write_spec(Path(tmp), n)
            text = path.read_text(encoding="utf-8")
            result = compile_spec([path])
            assert not result.errors, result.errors[:3]
            parse = best(lambda text=text: ckdl.parse(text, version=2), args.repeat)
            check = best(lambda path=path: compile_spec([path], want_ir=False), args.repeat)

            def ir(path: Path = path) -> None:
                compiled = compile_spec([path])
                assert compiled.ir is not None
                emit_ir(compiled.ir)

            lowered = best(ir, args.repeat)
            process = best(lambda path=path: subprocess.run(
                [sys.executable, "-m", "mizan_spec", "check", str(path)], check=True,
                capture_output=True, env=env), args.repeat)
            ir_process = best(lambda path=path: subprocess.run(
                [sys.executable, "-m", "mizan_spec", "ir", str(path)], check=True,
                capture_output=True, env=env), args.repeat)
            print(f"{n:>6} {len(text.encode()):>9,} {parse * 1000:>9.1f}ms {check * 1000:>7.1f}ms "
                  f"{check / parse:>5.1f}x {lowered * 1000:>7.1f}ms {lowered / parse:>5.1f}x "
                  f"{lowered / check:>7.2f}x {process * 1000:>7.0f}ms {ir_process * 1000:>7.0f}ms "
                  f"{ir_process / process:>7.2f}x")
    print("targets: check within 5.0x of ckdl.parse at 1,000; whole process under 500 ms; "
          "ir within 2.00x of check")


if __name__ == "__main__":
    main()
