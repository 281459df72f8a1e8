"""The conformance suite in spec/conformance: valid specs give their expected IR,
invalid specs give exactly their expected diagnostics (file:line:col code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mizan_spec.compile import compile_spec
from mizan_spec.diagnostics.codes import CODES
from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import load_ir
from tests.golden import check_golden

CONFORMANCE = Path(__file__).parent.parent / "spec" / "conformance"
VALID = sorted(p for p in (CONFORMANCE / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (CONFORMANCE / "invalid").iterdir() if p.is_dir())
# Codes that need a file system state no fixture directory can hold; tested in test_robustness.
NOT_AS_FIXTURES = {"E001", "E002", "E004"}


def diagnostics_lines(case: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(case)
    result = compile_spec([Path(".")])
    return "".join(f"{d.span.path}:{d.span.line}:{d.span.col} {d.code.id}\n"
                   for d in result.diagnostics)


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_spec_gives_expected_ir(case: Path, monkeypatch: pytest.MonkeyPatch,
                                      update_golden: bool) -> None:
    monkeypatch.chdir(case)
    result = compile_spec([Path(".")])
    assert result.errors == [], [d.message for d in result.errors]
    assert result.ir is not None
    text = emit_ir(result.ir)
    check_golden(case / "expected.ir.kdl", text, update_golden)
    assert load_ir(text) == result.ir
    assert emit_ir(load_ir(text)) == text


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_spec_gives_expected_diagnostics(case: Path, monkeypatch: pytest.MonkeyPatch,
                                                 update_golden: bool) -> None:
    lines = diagnostics_lines(case, monkeypatch)
    assert lines, "an invalid case must produce diagnostics"
    check_golden(case / "expected.diagnostics", lines, update_golden)


def test_reordering_and_splitting_does_not_change_the_ir() -> None:
    blog = (CONFORMANCE / "valid" / "blog" / "expected.ir.kdl").read_text()
    reordered = (CONFORMANCE / "valid" / "blog-reordered" / "expected.ir.kdl").read_text()
    assert blog == reordered


def test_every_case_directory_holds_a_spec_and_its_expectation() -> None:
    for case in VALID + INVALID:
        specs = list(case.rglob("*.mizan.kdl"))
        expected = "expected.ir.kdl" if case in VALID else "expected.diagnostics"
        assert specs, f"{case} has no spec"
        assert (case / expected).exists(), f"{case} lacks {expected}"
        strays = {p.name for p in case.iterdir() if p.is_file()} - {expected} - {
            p.name for p in specs}
        assert not strays, f"{case} holds files nothing reads: {strays}"


def test_every_diagnostic_code_has_a_conformance_case() -> None:
    seen = set()
    for case in INVALID:
        for line in (case / "expected.diagnostics").read_text().splitlines():
            seen.add(line.rsplit(" ", 1)[1])
    missing = set(CODES) - seen - NOT_AS_FIXTURES
    assert not missing, f"codes without a conformance case: {sorted(missing)}"
