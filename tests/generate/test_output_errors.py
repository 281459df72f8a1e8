"""Output that cannot be written where the command line says (under a regular file, in
an unwritable directory) is a plain one-line message and exit 2, for every command that
writes: gen python, gen typescript, ir -o."""

from __future__ import annotations

import os
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


@pytest.mark.parametrize("command", ["gen python", "gen typescript", "ir -o"])
def test_output_in_an_unwritable_directory(tmp_path: Path, command: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.access(locked, os.W_OK):  # root, or a file system without permissions
        locked.chmod(0o755)
        pytest.skip("permissions do not apply to this user")
    try:
        result = CliRunner().invoke(cli, commands(locked / "api")[command])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "permission denied" in result.output and "internal error" not in result.output


def test_fmt_on_a_file_it_cannot_write(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    path = spec / "a.mizan.kdl"
    path.write_text("mizan 1\nfunction   ping\n")
    spec.chmod(0o555)  # the file stays writable; its directory (for the rename) is not
    try:
        if os.access(spec, os.W_OK):
            pytest.skip("permissions do not apply to this user")
        result = CliRunner().invoke(cli, ["fmt", str(spec)])
    finally:
        spec.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "cannot write this file: permission denied" in result.output
    assert "internal error" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert path.read_text() == "mizan 1\nfunction   ping\n"
