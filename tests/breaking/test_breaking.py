"""Breaking-change rules, one fixture pair each in spec/conformance/breaking/, and the CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.breaking.compare import compare
from mizan_spec.breaking.rules import RULES
from mizan_spec.cli.main import cli
from mizan_spec.compile import compile_spec

ROOT = Path(__file__).parents[2]
CASES = sorted((ROOT / "spec/conformance/breaking").iterdir())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_fixture_pair(case: Path) -> None:
    result = CliRunner().invoke(cli, ["breaking", str(case / "new"), "--against",
                                      str(case / "old"), "--format", "json"])
    findings = json.loads(result.output)["findings"]
    got = [f["id"] + (" (accepted)" if f["accepted"] else "") for f in findings]
    expected = (case / "expected.txt").read_text(encoding="utf-8").split("\n")
    assert sorted(got) == sorted(x for x in expected if x)
    failing = any(not f["accepted"] and f["grade"] == "error" for f in findings)
    assert result.exit_code == (1 if failing else 0)


def test_every_rule_has_a_fixture_and_a_section() -> None:
    covered = {line.split(":")[0] for case in CASES
               for line in (case / "expected.txt").read_text(encoding="utf-8").split("\n") if line}
    assert covered == set(RULES)
    doc = (ROOT / "spec/breaking.md").read_text(encoding="utf-8")
    assert all(f"### `{rule}`" in doc for rule in RULES)


def test_identical_specs_have_no_findings() -> None:
    spec = compile_spec([ROOT / "spec/conformance/valid/all-features"]).ir
    assert spec is not None and compare(spec, spec) == []


def test_against_a_git_revision_uses_the_merge_base(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    spec = tmp_path / "spec" / "api.mizan.kdl"
    spec.parent.mkdir()
    spec.write_text("mizan 1\nfunction ping\nfunction pong\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "feature")
    spec.write_text("mizan 1\nfunction ping\n", encoding="utf-8")
    git("commit", "-qam", "drop pong")
    git("checkout", "-q", "main")  # main moves on: a function this branch never saw
    spec.write_text("mizan 1\nfunction ping\nfunction pong\nfunction later\n", encoding="utf-8")
    git("commit", "-qam", "add later")
    git("checkout", "-q", "feature")
    result = subprocess.run(["uv", "run", "--project", str(ROOT), "mizan-spec", "breaking",
                             "spec", "--against", "main"], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.returncode == 1, result.stderr
    assert "function-removed:pong" in result.stdout
    assert "later" not in result.stdout
    bad = subprocess.run(["uv", "run", "--project", str(ROOT), "mizan-spec", "breaking",
                          "spec", "--against", "no-such-rev"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_an_acknowledgement_that_matches_nothing_is_pointed_out() -> None:
    case = ROOT / "spec/conformance/breaking/function-removed"
    expected = (case / "expected.txt").read_text(encoding="utf-8").split("\n")[0]
    result = CliRunner().invoke(cli, ["breaking", str(case / "new"), "--against",
                                      str(case / "old"), "--accept", expected + "-typo"])
    assert result.exit_code == 1  # the typo acknowledged nothing: the break still fails
    assert f"`{expected}-typo` matches no change" in result.stderr
    clean = CliRunner().invoke(cli, ["breaking", str(case / "new"), "--against",
                                     str(case / "old"), "--accept", expected])
    assert clean.exit_code == 0 and "matches no change" not in clean.stderr
