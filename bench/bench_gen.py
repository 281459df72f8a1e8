"""Benchmark `mizan-spec gen python` against `datamodel-codegen` alone, in one run.

For synthetic specs of N types and N functions: the whole `gen python` command, and the
`datamodel-codegen` command on the equivalent JSON Schema with its built-in formatter,
twice: with its default options (the baseline of the target) and with the options
`gen python` uses to make its models (the same models: what `gen python` adds on top).
Then a regeneration with the spec unchanged. Every command runs as an installed tool
runs: with its bytecode cache (kept in a temporary directory, warmed by one untimed run),
so neither side is timed compiling its own and its dependencies' sources. Commands run in
a scratch directory (`-m` puts the working directory first on sys.path), so
`PYTHONPATH=OTHER_CHECKOUT` times the mizan-spec of another checkout.
Targets (gen-python issue): at most 1.2x datamodel-codegen at 1,000 types; an unchanged
regeneration under 0.3 s at any size. Speed issue: overhead over datamodel-codegen with
the same models under 10% at 1,000 types (`ratio same`). Figures are CPU times (best of
`--repeat`), the commands alternating. CPU time on this kind of machine varies by about
10% from one run of a command to the next, as much as the margin of the target:
`--instructions` also counts, once per command and size, the instructions each executes,
under valgrind's callgrind (when valgrind is installed; about 30x slower), a figure that
does not vary between runs.

    uv run python bench/bench_gen.py [--sizes 100 1000 5000] [--repeat 3] [--instructions]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_spec

from mizan_spec.compile import compile_spec
from mizan_spec.generate.python.schema import schema_text

BIN = Path(sys.executable).parent
SAME_MODELS = [  # the options of mizan_spec/generate/python/models.py, as CLI flags (its
    # custom templates take Python views as template data, which the CLI cannot pass), and
    # --use-double-quotes: models.py lays its module out with its own formatter step
    # (model_layout.py), which the CLI cannot load either; the CLI's builtin formatter
    # needs that flag to give the same module (one quoting style, sorted imports)
    "--target-python-version", "3.11", "--use-annotated", "--field-constraints",
    "--use-standard-collections", "--use-union-operator", "--use-schema-description",
    "--use-subclass-enum", "--strict-nullable", "--use-double-quotes",
    "--skip-root-model", "--set-default-enum-member", "--allow-population-by-field-name",
    "--deserialize-default-values", "decimal", "enum", "--output-datetime-class", "datetime",
    "--disable-timestamp",
]


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    """CPU time of the command (the machine may be shared: wall time would count the
    neighbours)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(commands: list[list[str]], env: dict[str, str], cwd: Path) -> list[int]:
    """The instructions each command executes, counted by callgrind, the commands run side
    by side (the count does not depend on what else runs)."""
    runs = [subprocess.Popen(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                              *command], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True) for command in commands]
    counts = []
    for run in runs:
        _, err = run.communicate()
        found = re.search(r"Collected : (\d+)", err)
        if run.returncode != 0 or found is None:
            raise RuntimeError(f"callgrind failed: {err[-2000:]}")
        counts.append(int(found[1]))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--instructions", action="store_true",
                        help="also count each command's instructions under callgrind")
    args = parser.parse_args()
    counted: list[str] = []
    print(f"{'size':>6} {'dmcg defaults':>14} {'dmcg same models':>17} {'gen python':>11} "
          f"{'ratio':>6} {'ratio same':>11} {'regen unchanged':>16}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pyc")
        for n in args.sizes:
            work = Path(tmp) / str(n)
            (work / "spec").mkdir(parents=True)
            spec = write_spec(work / "spec", n)
            compiled = compile_spec([spec])
            assert compiled.ir is not None
            schema = work / "schema.json"
            schema.write_text(schema_text(compiled.ir, "models"))
            dmcg = [str(BIN / "datamodel-codegen"), "--input", str(schema),
                    "--input-file-type", "jsonschema", "--output-model-type",
                    "pydantic_v2.BaseModel", "--formatters", "builtin",
                    "--output", str(work / "baseline.py")]
            out = work / "app" / "api"
            gen = [sys.executable, "-m", "mizan_spec", "gen", "python", str(work / "spec"),
                   "--backend", "fastapi", "--out", str(out)]
            runs: dict[str, list[float]] = {"baseline": [], "same": [], "ours": []}
            if n == args.sizes[0]:  # fill the bytecode cache
                for command in (dmcg, gen):
                    timed(command, env, work)
                shutil.rmtree(out)
            for _ in range(args.repeat):
                runs["baseline"].append(timed(dmcg, env, work))
                runs["same"].append(timed([*dmcg, *SAME_MODELS], env, work))
                runs["ours"].append(timed(gen, env, work))
                regen = min(timed(gen, env, work) for _ in range(3))
                shutil.rmtree(out)
            baseline, same, ours = (min(runs[k]) for k in ("baseline", "same", "ours"))
            print(f"{n:>6} {baseline:>12.2f}s {same:>15.2f}s {ours:>9.2f}s "
                  f"{ours / baseline:>5.2f}x {ours / same:>10.2f}x {regen * 1000:>14.0f}ms",
                  flush=True)
            if args.instructions and shutil.which("valgrind"):
                same_models = [*dmcg[:-1], str(work / "same.py"), *SAME_MODELS]  # side by side
                base_i, same_i, ours_i = instructions([dmcg, same_models, gen],
                                                      env, work)
                shutil.rmtree(out)
                counted.append(f"{n:>6} {base_i / 1e9:>12.2f}G {same_i / 1e9:>15.2f}G "
                               f"{ours_i / 1e9:>9.2f}G {ours_i / base_i:>5.2f}x "
                               f"{ours_i / same_i:>10.2f}x")
            elif args.instructions:
                counted.append(f"{n:>6} skipped (valgrind is not installed)")
    if counted:
        print("instructions, under callgrind:")
        print("\n".join(counted))
    print("targets: ratio <= 1.2x at 1,000; ratio same < 1.10x at 1,000; "
          "unchanged regeneration < 300 ms")


if __name__ == "__main__":
    main()
