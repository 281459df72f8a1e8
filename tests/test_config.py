"""`[tool.mizan-spec]`: parsing, errors without tracebacks, and commands that use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.cli.main import cli
from mizan_spec.config import ConfigError, load_config, parse_config


def test_parse(tmp_path: Path) -> None:
    config = parse_config({"tool": {"mizan-spec": {
        "paths": ["spec"], "ir-output": "build/ir.kdl", "ignore": ["W004"],
        "breaking": {"against": "origin/main", "fail-on": "danger", "accept": ["x:y"]}}}},
        tmp_path)
    assert config.paths == [tmp_path / "spec"]
    assert config.ir_output == tmp_path / "build/ir.kdl"
    assert config.breaking.fail_on == "danger" and config.breaking.accept == ["x:y"]
    assert parse_config({}, tmp_path).paths == []
    assert parse_config({}, tmp_path).spec_root is None
    rooted = parse_config({"tool": {"mizan-spec": {"root": ".."}}}, tmp_path)
    assert rooted.spec_root == tmp_path / ".."


@pytest.mark.parametrize("table, message", [
    ({"pathz": []}, "no key `pathz`"),
    ({"paths": "spec", "ignore": [1]}, "ignore must be a list of strings"),
    ({"breaking": {"fail-on": "never"}}, "fail-on must be one of"),
    ({"root": ["spec"]}, "root must be a string"),
])
def test_errors_name_the_key(tmp_path: Path, table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config({"tool": {"mizan-spec": table}}, tmp_path)


def test_check_without_arguments_reads_the_configured_paths(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mizan-spec]\npaths = ["api"]\n')
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "a.mizan.kdl").write_text("mizan 1\nfunction f returns=Nope\n")
    (tmp_path / "other.mizan.kdl").write_text("not a spec {")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert load_config().paths == [tmp_path / "api"]
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1 and "E302" in result.output and "other" not in result.output
    sarif = CliRunner().invoke(cli, ["check", "--format", "sarif"])
    assert '"ruleId": "E302"' in sarif.output
    assert '"columnKind": "unicodeCodePoints"' in sarif.output


def test_a_broken_pyproject_is_a_usage_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mizan-spec\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2 and "cannot read it" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
