"""Benchmark `check` and `ir` against raw `ckdl.parse` of the same file, in one run.

Targets (spec-language issue): in-process check of the 1,000-function spec within 5x
of the raw parse; whole-process `mizan-spec check` on it under 0.5 s. Speed issue: `ir`
(compile, lower, write the text) within 2x `check` at every size, in process and as
whole processes (`ir/check` columns). Figures are the best CPU time of `--repeat` runs.
In process, the parse, check and ir columns run as the CLI and the language server run
a compile: with the cyclic collector paused (the library leaves the host's collector
alone; both of its own callers pause it). `check gc` is the same check with the
collector running, as a host that leaves it on gets it, in a process that holds no
earlier compilation. Whole processes run the installed `mizan-spec` script.
Run from outside the tree with PYTHONPATH=OTHER_CHECKOUT to time another checkout.

    uv run python bench/bench_check.py [--sizes 1000 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
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

from mizan_spec.cli.compiling import collector_paused
from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir

SCRIPT = Path(sys.executable).parent / "mizan-spec"  # the console script users run


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best CPU time of `repeat` runs: on a machine shared with other work, wall time
    measures the neighbours; CPU time (of this process and of its children) the work."""
    times = []
    for _ in range(repeat):
        start = _cpu()
        fn()
        times.append(_cpu() - start)
    return min(times)


def paused(fn: Callable[[], object]) -> Callable[[], object]:
    """`fn` with the cyclic collector paused, as the CLI and the language server compile."""
    def run() -> object:
        with collector_paused():
            return fn()
    return run


def best_of_both(first: Callable[[], object], second: Callable[[], object],
                 repeat: int) -> tuple[float, float]:
    """`best` of two functions run alternately, so neither is timed in a later state of
    the process (ckdl keeps memory from every parse) than the other."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a.append(best(first, 1))
        b.append(best(second, 1))
    return min(a), min(b)


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
          f"{'ir':>9} {'ratio':>6} {'ir/check':>8} {'check gc':>9} {'ratio':>6} "
          f"{'process':>9} {'ir proc':>9} {'ir/check':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        # processes run as an installed tool does: with a bytecode cache (kept in tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pyc")
        for n in args.sizes:
            path = write_spec(Path(tmp), n)
            text = path.read_text(encoding="utf-8")
            errors = compile_spec([path]).errors
            assert not errors, errors[:3]
            gc.collect()  # time each run in a process that holds no earlier compilation
            parse = best(paused(lambda text=text: ckdl.parse(text, version=2)), args.repeat)

            def ir(path: Path = path) -> None:
                compiled = compile_spec([path])
                assert compiled.ir is not None
                emit_ir(compiled.ir)

            check, lowered = best_of_both(
                paused(lambda path=path: compile_spec([path], want_ir=False)), paused(ir),
                args.repeat)
            gc.collect()
            collected = best(lambda path=path: compile_spec([path], want_ir=False), args.repeat)

            def command(name: str, path: Path = path) -> Callable[[], object]:
                return lambda: subprocess.run(
                    [sys.executable, str(SCRIPT), name, str(path)], check=True,
                    capture_output=True, env=env)

            process, ir_process = best_of_both(command("check"), command("ir"), args.repeat)
            print(f"{n:>6} {len(text.encode()):>9,} {parse * 1000:>9.1f}ms {check * 1000:>7.1f}ms "
                  f"{check / parse:>5.1f}x {lowered * 1000:>7.1f}ms {lowered / parse:>5.1f}x "
                  f"{lowered / check:>7.2f}x {collected * 1000:>7.1f}ms {collected / parse:>5.1f}x "
                  f"{process * 1000:>7.0f}ms {ir_process * 1000:>7.0f}ms "
                  f"{ir_process / process:>7.2f}x")
    print("targets: check within 5.0x of ckdl.parse at 1,000; whole process under 500 ms; "
          "ir within 2.00x of check")


if __name__ == "__main__":
    main()
