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


def _findings(tmp_path: Path, old: str, new: str) -> dict[str, dict[str, object]]:
    for name, text in (("old", old), ("new", new)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "spec.mizan.kdl").write_text("mizan 1\n" + text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["breaking", str(tmp_path / "new"), "--against",
                                      str(tmp_path / "old"), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return {f["id"]: f for f in json.loads(result.output)["findings"]}


OLD_PLACES = """type Draft {
    field title str max-length=200
    field kind Kind
}
enum Kind { a; b }
function save auth=#true returns=Draft {
    param draft Draft
    param limit int max=10
}
"""
NEW_PLACES = """type Draft {
    field title str max-length=10
    field kind "Kind?"
    field words int
}
enum Kind {
    a
    b
    c
}
function save auth=staff returns="Draft?" {
    param draft Draft
    param limit int max=5
    param force bool
}
"""


def test_findings_point_at_the_field_parameter_member_or_property(tmp_path: Path) -> None:
    found = _findings(tmp_path, OLD_PLACES, NEW_PLACES)
    lines = NEW_PLACES.split("\n")

    def at(line: int, text: str) -> tuple[int, int]:
        return line + 1, lines[line - 1].index(text) + 1  # +1: the `mizan 1` line

    got = {k: (f["line"], f["column"]) for k, f in found.items()}
    assert got == {
        "field-constraint-tightened:Draft.title": at(2, "10"),
        "field-type-changed:Draft.kind": at(3, '"Kind?"'),
        "field-added-required:Draft.words": at(4, "field"),
        "enum-value-added:Kind.c": at(9, "c"),
        "returns-changed:save": at(11, '"Draft?"'),
        "auth-tightened:save": at(11, "staff"),
        "param-constraint-tightened:save.limit": at(13, "5"),
        "param-added-required:save.force": at(14, "param"),
    }


def test_a_removal_and_an_addition_at_one_position_may_be_a_rename(tmp_path: Path) -> None:
    found = _findings(tmp_path, """type P {
    field id int
    field title str
    field body str
}
function f returns=P {
    param p P
    param limit int
    param query str
}
""", """type P {
    field id int
    field heading str
    field body int
    field extra str
}
function f returns=P {
    param p P
    param size int
    param search int
}
""")
    hints = {k: f["hint"] for k, f in found.items() if k.split(":")[0] in (
        "field-removed", "field-added-required", "param-removed", "param-added-required")}
    field_hint = ("this may be a rename of `P.title` to `P.heading` (same type, same "
                  "position); a rename changes the wire name all the same")
    param_hint = field_hint.replace("P.title", "f.limit").replace("P.heading", "f.size")
    assert hints == {
        "field-removed:P.title": field_hint,
        "field-added-required:P.heading": field_hint,
        "field-added-required:P.extra": None,  # a new position: no rename
        "param-removed:f.limit": param_hint,
        "param-added-required:f.size": param_hint,
        "param-removed:f.query": None,  # `search` took its place with another type
        "param-added-required:f.search": None,
    }
    text = CliRunner().invoke(cli, ["breaking", str(tmp_path / "new"), "--against",
                                    str(tmp_path / "old")]).output
    assert f"= id: field-removed:P.title\n  = hint: {field_hint}\n" in text
    # the removal points at the field that may have replaced it; without one, at the type
    where = {k: f["line"] for k, f in found.items()}
    assert where["field-removed:P.title"] == where["field-added-required:P.heading"] == 4
    assert where["param-removed:f.limit"] == where["param-added-required:f.size"] == 10
    assert where["param-removed:f.query"] == 8  # the `function` line
