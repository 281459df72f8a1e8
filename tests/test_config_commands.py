"""`[tool.mizan-spec]` settings as `check` and `ir` honour them in a project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.cli.main import cli

BLOG = Path(__file__).parent.parent / "examples" / "blog" / "spec"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(BLOG, tmp_path / "spec")
    (tmp_path / "spec" / "extra.mizan.kdl").write_text(
        "mizan 1\ntype Unused {\n    field id int\n}\n")  # one warning: W001
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configure(project: Path, settings: str) -> None:
    (project / "pyproject.toml").write_text(f'[tool.mizan-spec]\npaths = ["spec"]\n{settings}\n')


def test_warnings_pass_unless_warnings_are_errors(project: Path) -> None:
    configure(project, "")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0 and "W001" in result.stdout
    configure(project, "warnings-as-errors = true")
    assert CliRunner().invoke(cli, ["check"]).exit_code == 1


def test_ignored_warnings_are_not_reported(project: Path) -> None:
    configure(project, 'warnings-as-errors = true\nignore = ["W001"]')
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0 and "W001" not in result.stdout


@pytest.mark.parametrize("ignore", ['["E302"]', '["X999"]'])
def test_only_known_warning_codes_can_be_ignored(project: Path, ignore: str) -> None:
    configure(project, f"ignore = {ignore}")
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2
    assert "ignore" in result.output


def test_ir_goes_to_the_configured_output(project: Path) -> None:
    configure(project, 'ir-output = "build/app.ir.kdl"')
    result = CliRunner().invoke(cli, ["ir"])
    assert result.exit_code == 0 and result.stdout == ""
    assert (project / "build" / "app.ir.kdl").read_text().startswith("mizan-ir 1\n")
    explicit = CliRunner().invoke(cli, ["ir", "spec"])  # paths given: standard output
    assert explicit.stdout.startswith("mizan-ir 1\n")
