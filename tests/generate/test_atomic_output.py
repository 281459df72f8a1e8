"""A run killed at any step leaves a package that is all old or all new once any later
run looks at it (`IR_HASH` matches `api.ir.kdl`, the stamp matches the files), never
loses the author's impl.py, and leaves no temporaries behind.

Kills are injected through `output.step_hook`, called before every change the writer
makes to the file system: in process an exception the writer cannot catch (it cleans up
nothing, exactly like a kill), and in a subprocess a real `os._exit`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.cli.main import cli
from mizan_spec.generate import output
from tests.generate.pkgutil import gen_python, import_package

ROOT = Path(__file__).parent.parent.parent
BLOG = ROOT / "examples" / "blog" / "spec"
AUTHOR = "\n# the author's own code\n"


class Killed(BaseException):
    """Stands for SIGKILL: nothing in the writer catches it or cleans up after it."""


@pytest.fixture(autouse=True)
def no_hook() -> Iterator[None]:
    yield
    output.step_hook = None


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file of the directory, dotfiles included (a missing directory: none)."""
    if not out.is_dir():
        return {}
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def leftovers(out: Path) -> list[str]:
    return sorted(name for name in snapshot(out) if name.startswith(
        (output.STAGING, output.JOURNAL)) or name.endswith(".tmp"))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assert_consistent(files: dict[str, bytes]) -> None:
    """One run made all of these: the hash in wiring.py, the stamp and the manifest agree
    with the files beside them."""
    wiring = files["wiring.py"].decode()
    found = re.search(r'^IR_HASH = "([0-9a-f]{64})"', wiring, re.MULTILINE)
    assert found is not None and found[1] == sha(files["api.ir.kdl"])
    stamp = json.loads(files[".mizan-stamp"])
    assert {name: sha(files[name]) for name in stamp["outputs"]} == stamp["outputs"]
    listed = files[".mizan-generated"].decode().splitlines()[1:]
    assert set(listed) == set(stamp["outputs"]) - {".mizan-generated"}


def steps_of(run: object) -> list[str]:
    steps: list[str] = []
    output.step_hook = steps.append
    assert callable(run)
    run()
    output.step_hook = None
    return steps


def kill_at(k: int) -> None:
    """Stop the run just before its k-th change to the file system."""
    calls = iter(range(k + 1))

    def hook(name: str) -> None:
        if next(calls) == k:
            raise Killed(name)
    output.step_hook = hook


def edit_spec(spec: Path) -> None:
    """A change that rewrites most files: a new type and function, a changed parameter."""
    blog = spec / "blog.mizan.kdl"
    text = blog.read_text().replace("param post_id int\n}\nfunction ping",
                                    "param post_id str\n}\nfunction ping")
    blog.write_text(text + "type Comment {\n    field body str\n}\n"
                    "function add_comment returns=Comment {\n    param body str\n}\n")


def test_a_kill_at_any_step_of_a_regeneration_leaves_all_old_or_all_new(
        tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(BLOG, spec)
    old_out = tmp_path / "old" / "api"
    assert gen_python(spec, old_out, "fastapi").exit_code == 0
    impl = old_out / "impl.py"
    impl.write_text(impl.read_text() + AUTHOR)
    old = snapshot(old_out)
    edit_spec(spec)
    new_out = tmp_path / "new" / "api"
    shutil.copytree(old_out, new_out)
    steps = steps_of(lambda: gen_python(spec, new_out, "fastapi"))
    new = snapshot(new_out)
    assert_consistent(old)
    assert_consistent(new)
    assert old["impl.py"] == new["impl.py"] and old["wiring.py"] != new["wiring.py"]
    assert "commit" in steps and any(s.startswith("install ") for s in steps)
    seen = set()
    for k, step in enumerate(steps):
        out = tmp_path / f"run{k}" / "api"
        shutil.copytree(old_out, out)
        kill_at(k)
        with pytest.raises(Killed):
            gen_python(spec, out, "fastapi")
        output.step_hook = None
        assert (out / "impl.py").read_bytes() == old["impl.py"], step
        committed = (out / output.JOURNAL).exists()
        if not committed:  # before the commit, or after the journal is done
            kept = {n: d for n, d in snapshot(out).items() if n not in leftovers(out)}
            assert kept in (old, new), step
        assert output.recover(out) == committed
        after = snapshot(out)
        assert after in (old, new) and (after == new or not committed), step
        assert leftovers(out) == []
        seen.add(after == new)
        rerun = gen_python(spec, out, "fastapi")
        assert rerun.exit_code == 0, rerun.output
        assert snapshot(out) == new, step
    assert seen == {False, True}


def test_a_kill_during_the_first_run_leaves_nothing_or_everything(tmp_path: Path) -> None:
    spec = tmp_path / "spec.mizan.kdl"
    spec.write_text("mizan 1\nfunction ping\nfunction add returns=int {\n    param a int\n}\n")
    full_out = tmp_path / "full" / "api"
    steps = steps_of(lambda: gen_python(spec, full_out, "django"))
    full = snapshot(full_out)
    assert "create impl.py" in steps
    for k, step in enumerate(steps):
        out = tmp_path / f"run{k}" / "api"
        kill_at(k)
        with pytest.raises(Killed):
            gen_python(spec, out, "django")
        output.step_hook = None
        committed = (out / output.JOURNAL).exists()
        output.recover(out)
        assert snapshot(out) in ({}, full) and (snapshot(out) == full or not committed), step
        assert gen_python(spec, out, "django").exit_code == 0
        assert snapshot(out) == full
        package, impl = import_package(out)
        package.build_registry(impl.Implementation())


def test_a_kill_while_removing_a_file_no_longer_made(tmp_path: Path) -> None:
    spec = tmp_path / "spec.mizan.kdl"
    spec.write_text("mizan 1\ncontext user\nfunction me context=user returns=str\n")

    def gen_ts(out: Path, *react: str) -> None:
        result = CliRunner().invoke(cli, ["gen", "typescript", str(spec), "--out", str(out),
                                          *react])
        assert result.exit_code == 0, result.output

    gen_ts(tmp_path / "old" / "ts", "--react")
    old = snapshot(tmp_path / "old" / "ts")
    shutil.copytree(tmp_path / "old" / "ts", tmp_path / "new" / "ts")
    steps = steps_of(lambda: gen_ts(tmp_path / "new" / "ts"))
    new = snapshot(tmp_path / "new" / "ts")
    assert "react.ts" in old and "react.ts" not in new and "remove react.ts" in steps
    for k, step in enumerate(steps):
        out = tmp_path / f"run{k}" / "ts"
        shutil.copytree(tmp_path / "old" / "ts", out)
        kill_at(k)
        with pytest.raises(Killed):
            gen_ts(out)
        output.step_hook = None
        committed = (out / output.JOURNAL).exists()
        output.recover(out)
        assert snapshot(out) in (old, new) and (snapshot(out) == new or not committed), step


KILLER = """
import os, sys
from mizan_spec.generate import output
from mizan_spec.cli.main import main

step = sys.argv.pop(1)
output.step_hook = lambda name: os._exit(137) if name == step else None
main()
"""


def test_a_real_kill_mid_switch_is_completed_by_the_next_run(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(BLOG, spec)
    out = tmp_path / "api"
    assert gen_python(spec, out, "fastapi").exit_code == 0
    (out / "impl.py").write_text((out / "impl.py").read_text() + AUTHOR)
    edit_spec(spec)
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, "install wiring.py", "gen", "python", str(spec),
         "--backend", "fastapi", "--out", str(out)],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert killed.returncode == 137, killed.stderr
    assert (out / output.JOURNAL).exists()  # models.py and the others are new, wiring.py old
    rerun = gen_python(spec, out, "fastapi")
    assert rerun.exit_code == 0, rerun.output
    assert "completed a run that was interrupted" in rerun.output
    files = snapshot(out)
    assert_consistent(files)
    assert leftovers(out) == [] and AUTHOR in files["impl.py"].decode()
    assert "def add_comment" in files["interface.py"].decode()


def test_temporaries_of_killed_runs_are_swept_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "api"
    assert gen_python(BLOG, out, "fastapi").exit_code == 0
    before = snapshot(out)
    for name in ("models.py", ".mizan-stamp", "impl.py", ".mizan-generated"):
        fd, _ = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)  # as io.py names
        os.close(fd)
    theirs = [".notes.md.abcdefgh.tmp", "models.py.abcdefgh.tmp", ".models.py.tmp"]
    for name in theirs:
        (out / name).write_text("partial")
    (out / output.STAGING).mkdir()
    (out / output.STAGING / "wiring.py").write_text("partial")
    result = gen_python(BLOG, out, "fastapi")
    assert result.exit_code == 0 and "up to date" in result.output
    assert snapshot(out) == {**before, **{name: b"partial" for name in theirs}}


@pytest.mark.parametrize("command", ["python", "typescript"])
def test_a_damaged_journal_stops_the_run_with_a_plain_message(tmp_path: Path,
                                                              command: str) -> None:
    out = tmp_path / "api"
    out.mkdir()
    (out / output.JOURNAL).write_text("{not json")
    backend = ["--backend", "fastapi"] if command == "python" else []
    result = CliRunner().invoke(cli, ["gen", command, str(BLOG), *backend, "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "is damaged" in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in out.iterdir()) == [output.JOURNAL]
