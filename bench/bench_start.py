"""Whole-process `mizan-spec check` (start-up included) against `buf build`, in one run.

Targets (speed issue): a one-file spec checked in under 0.1 s, and at or below buf's
time at N=1,000 and N=5,000 (N types plus N functions; buf builds the equivalent proto,
see `synth_proto`). buf is the native binary of the npm package `@bufbuild/buf`,
installed into bench/node/ (`npm ci`) on first use; without npm its column says skipped.

`check` runs as users run it: the installed `mizan-spec` script (not `python -m`, whose
runpy machinery the script does without), with its bytecode cache (kept in a temporary
directory, so nothing is written into the tree), warmed by one untimed run.
Figures are medians of `--rounds` alternating rounds, wall time and CPU time.
`--tree DIR` times the mizan-spec of another checkout (e.g. `git worktree add /tmp/base
main`) in the same run, for a before/after table.

    uv run python bench/bench_start.py [--sizes 1 1000 5000] [--rounds 7] [--tree DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_spec
from synth_proto import write_proto

NODE_DIR = Path(__file__).parent / "node"
SCRIPT = Path(sys.executable).parent / "mizan-spec"  # the console script users run
BUF = NODE_DIR / "node_modules" / "@bufbuild" / "buf-linux-x64" / "bin" / "buf"


def find_buf() -> Path | None:
    """The buf binary from bench/node (installed with `npm ci` if missing), else None."""
    if not BUF.is_file() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR)],
                       capture_output=True, check=False)
    return BUF if BUF.is_file() else None


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout.decode()}{done.stderr.decode()}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def python_env(cache: Path, tree: Path) -> dict[str, str]:
    """Commands run in a scratch directory, with `tree` on PYTHONPATH (ahead of the
    installed package's path), so each column times the checkout it names."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["PYTHONPATH"] = str(tree)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 1000, 5000])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--tree", type=Path, help="another checkout to time alongside")
    args = parser.parse_args()
    buf = find_buf()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        here = python_env(root / "pyc-here", Path(__file__).resolve().parents[1])
        other = python_env(root / "pyc-other", args.tree.resolve()) if args.tree else None
        runners: dict[str, tuple[list[str], dict[str, str]]] = {
            "python": ([sys.executable, "-c", "pass"], here),
            "check": ([sys.executable, str(SCRIPT), "check"], here),
        }
        if other is not None:
            runners["check@tree"] = ([sys.executable, str(SCRIPT), "check"], other)
        header = f"{'size':>6} {'':>4} " + " ".join(f"{name:>11}" for name in runners)
        print(header + f" {'buf build':>11} {'check/buf':>10}")
        for n in args.sizes:
            spec = write_spec(root, n)
            module = write_proto(root / f"proto-{n}", n)
            cmds = {name: ([*cmd, str(spec)] if name != "python" else cmd, env)
                    for name, (cmd, env) in runners.items()}
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
            times["buf"] = []
            for cmd, env in cmds.values():
                timed(cmd, env, root)  # warm the bytecode cache and the file cache
            if buf is not None:
                timed([str(buf), "build"], dict(os.environ), module)
            for _ in range(args.rounds):  # alternate, so load from others hits all alike
                for name, (cmd, env) in cmds.items():
                    times[name].append(timed(cmd, env, root))
                if buf is not None:
                    times["buf"].append(timed([str(buf), "build"], dict(os.environ), module))
            for index, label in ((0, "wall"), (1, "cpu")):
                med = {name: statistics.median(t[index] for t in ts)
                       for name, ts in times.items() if ts}
                row = f"{n:>6} {label:>4} " + " ".join(
                    f"{med[name] * 1000:>9.0f}ms" for name in cmds)
                if "buf" in med:
                    row += f" {med['buf'] * 1000:>9.0f}ms {med['check'] / med['buf']:>9.2f}x"
                else:
                    row += f" {'skipped':>11} {'':>10}"
                print(row, flush=True)
    print("targets: check of a one-file spec under 100 ms; check/buf at most 1.00x at "
          "1,000 and 5,000 (medians of alternating rounds; `python` is the bare interpreter; "
          "cpu is user + system time, which the machine's other load does not inflate)")


if __name__ == "__main__":
    main()
