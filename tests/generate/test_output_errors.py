"""Output that cannot be written where the command line says (under a regular file, in
an unwritable directory) is a plain one-line message and exit 2, for every command that
writes: gen python, gen typescript, ir -o."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.cli.main import cli

ROOT = Path(__file__).parent.parent.parent
BLOG = str(ROOT / "examples" / "blog" / "spec")


def commands(target: Path) -> dict[str, list[str]]:
    return {
        "gen python": ["gen", "python", BLOG, "--backend", "fastapi", "--out", str(target)],
        "gen typescript": ["gen", "typescript", BLOG, "--out", str(target)],
        "ir -o": ["ir", BLOG, "-o", str(target / "api.ir.kdl")],
    }


@pytest.mark.parametrize("command", ["gen python", "gen typescript", "ir -o"])
def test_output_under_a_regular_file(tmp_path: Path, command: str) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")
    result = CliRunner().invoke(cli, commands(blocker / "api")[command])
    assert result.exit_code == 2, result.output
    assert "is a file, not a directory" in result.output
    assert str(blocker) in result.output and "internal error" not in result.output
    assert result.output.count("\n") == 1 and blocker.read_text() == "mine"


def run_unprivileged(args: list[str]) -> subprocess.CompletedProcess[str]:
    """`mizan-spec ARGS` in a process that file permissions apply to: as root (CI runs
    as root), without the capabilities that override them."""
    command = [sys.executable, "-m", "mizan_spec", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot apply")
        command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.mark.parametrize("command", ["gen python", "gen typescript", "ir -o"])
def test_output_in_an_unwritable_directory(tmp_path: Path, command: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run_unprivileged(commands(locked / "api")[command])
    finally:
        locked.chmod(0o755)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "permission denied" in output and "internal error" not in output
    assert not (locked / "api").exists()


def test_fmt_on_a_file_it_cannot_write(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    path = spec / "a.mizan.kdl"
    path.write_text("mizan 1\nfunction   ping\n")
    spec.chmod(0o555)  # the file stays writable; its directory (for the rename) is not
    try:
        result = run_unprivileged(["fmt", str(spec)])
    finally:
        spec.chmod(0o755)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "cannot write this file: permission denied" in output
    assert "internal error" not in output and "Traceback" not in output
    assert path.read_text() == "mizan 1\nfunction   ping\n"
