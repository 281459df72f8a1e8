"""The command line as a user meets it: exit codes, output formats, safe IR writing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.cli.main import cli

CONFORMANCE = Path(__file__).parent.parent / "spec" / "conformance"
BLOG = CONFORMANCE / "valid" / "blog"
BAD = CONFORMANCE / "invalid" / "unknown-type"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mizan_spec", *args], capture_output=True,
                          text=True, timeout=60)


def test_clean_spec_exits_zero() -> None:
    result = run("check", str(BLOG))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "no problems found (2 files)" in result.stderr


def test_errors_exit_one_with_located_excerpts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    result = CliRunner().invoke(cli, ["check", "."])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "spec.mizan.kdl:3:18: error[E302]: unknown type `Autor`"
    assert lines[1] == " 3 |     field author Autor"
    assert lines[2] == "   |                  ^^^^^"
    assert lines[3] == "  = hint: did you mean `Author`?"


def test_json_format_is_machine_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    result = CliRunner().invoke(cli, ["check", "--format", "json", "."])
    doc = json.loads(result.stdout)
    assert doc["errors"] == 2 and doc["warnings"] == 1
    first = doc["diagnostics"][0]
    assert (first["path"], first["line"], first["column"], first["code"]) == (
        "spec.mizan.kdl", 3, 18, "E302")
    assert first["hint"] == "did you mean `Author`?"


def test_github_format_annotates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    result = CliRunner().invoke(cli, ["check", "--format", "github", "."])
    assert result.stdout.splitlines()[0].startswith(
        "::error file=spec.mizan.kdl,line=3,col=18,endLine=3,endColumn=23,title=E302 unknown-type::"
    )


@pytest.mark.parametrize("args", [["check", "does-not-exist"], ["check", "--format", "xml", "."],
                                  ["check", "--bogus"], ["frobnicate"]])
def test_usage_errors_exit_two(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_ir_output_and_hash(tmp_path: Path) -> None:
    out = tmp_path / "app.ir.kdl"
    assert run("ir", str(BLOG), "-o", str(out)).returncode == 0
    text = out.read_text()
    assert text == (BLOG / "expected.ir.kdl").read_text()
    printed = run("ir", str(BLOG)).stdout
    assert printed == text
    digest = run("ir", str(BLOG), "--hash").stdout.strip()
    assert digest == hashlib.sha256(text.encode()).hexdigest()


def test_ir_rewrites_nothing_when_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "app.ir.kdl"
    assert run("ir", str(BLOG), "-o", str(out)).returncode == 0
    os.utime(out, (1_000_000, 1_000_000))
    assert run("ir", str(BLOG), "-o", str(out)).returncode == 0
    assert out.stat().st_mtime == 1_000_000


def test_failed_ir_leaves_previous_output_intact(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(BLOG, spec)
    (spec / "expected.ir.kdl").unlink()
    out = tmp_path / "app.ir.kdl"
    assert run("ir", str(spec), "-o", str(out)).returncode == 0
    before = out.read_bytes()
    broken = spec / "blog.mizan.kdl"
    broken.write_text(broken.read_text().replace("returns=Post", "returns=Pots"))
    result = run("ir", str(spec), "-o", str(out))
    assert result.returncode == 1
    assert "unknown type `Pots`" in result.stderr
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


_LOADED = """
import sys
from mizan_spec.cli.entry import main
sys.argv = ["mizan-spec", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m.startswith("mizan_spec") or m in {
    "tomllib", "tempfile", "difflib", "datamodel_code_generator", "jinja2", "pygls",
    "pydantic", "httpx", "decimal", "json"})), file=sys.stderr)
"""


def _modules_loaded_by(*args: str, cwd: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _LOADED, *args], capture_output=True,
                          text=True, timeout=60, cwd=cwd)
    return set(done.stderr.strip().splitlines()[-1].split())


def test_check_imports_only_what_checking_needs(tmp_path: Path) -> None:
    """Start-up is most of a small check: `check` loads the checker and nothing of the
    generators, the importer, the formatter, the breaking-change checker or the LSP."""
    loaded = _modules_loaded_by("check", str(BLOG), cwd=tmp_path)
    assert "mizan_spec.compile" in loaded
    heavy = {m for m in loaded if m.split(".")[1:2] in (
        ["generate"], ["importer"], ["breaking"], ["fmt"], ["lsp"], ["runtime"], ["kdl"])}
    assert heavy == set()
    assert {"mizan_spec.ir.model", "mizan_spec.ir.lower"} & loaded == set()  # no IR wanted
    assert {"datamodel_code_generator", "jinja2", "pygls", "pydantic", "httpx", "tempfile",
            "difflib", "tomllib"} & loaded == set()  # no pyproject.toml here, no misspelling
    assert {m for m in loaded if m.startswith("mizan_spec.cli.")} == {
        "mizan_spec.cli.entry", "mizan_spec.cli.main", "mizan_spec.cli.lazy",
        "mizan_spec.cli.spec_commands", "mizan_spec.cli.options", "mizan_spec.cli.compiling"}


def test_check_leaves_out_what_only_some_specs_or_formats_need(tmp_path: Path) -> None:
    """The decimal module (for decimal defaults and bounds) and json (for `--format
    json`) load only when a spec or the output needs them."""
    spec = tmp_path / "one.mizan.kdl"
    spec.write_text("mizan 1\ntype Item {\n    field id int\n}\n", encoding="utf-8")
    assert {"decimal", "json"} & _modules_loaded_by("check", str(spec), cwd=tmp_path) == set()
    loaded = _modules_loaded_by("check", "--format", "json", str(spec), cwd=tmp_path)
    assert "json" in loaded
    spec.write_text('mizan 1\ntype Item {\n    field price decimal default="9.90"\n}\n',
                    encoding="utf-8")
    assert "decimal" in _modules_loaded_by("check", str(spec), cwd=tmp_path)


def test_lazy_commands_still_run_and_list(tmp_path: Path) -> None:
    loaded = _modules_loaded_by("gen", "typescript", str(BLOG), "--out",
                                str(tmp_path / "ts"), cwd=tmp_path)
    assert "mizan_spec.generate.typescript.render" in loaded
    assert "mizan_spec.cli.gen_python_command" not in loaded  # a sibling command
    assert (tmp_path / "ts").is_dir()
    listed = run("--help").stdout
    for name in ("breaking", "check", "fmt", "gen", "import", "ir", "lsp"):
        assert f"  {name} " in listed
    assert "python " in run("gen", "--help").stdout
