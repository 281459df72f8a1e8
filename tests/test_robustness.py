"""Bad input never raises: every hostile file gets a diagnostic, in bounded time.

Covers the inputs named by the spec-language issue (invalid UTF-8, NUL bytes, 100,000
levels of nesting, a 50 MB file, an empty file, a directory with no specs) and fuzzes
the whole pipeline, renderers included, with random and mutated bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizan_spec.compile import Compilation, compile_spec
from mizan_spec.diagnostics.render import render_github, render_json, render_text

FIXTURES = [HealthCheck.function_scoped_fixture]
EXAMPLE = Path(__file__).parent.parent / "spec" / "conformance" / "valid" / "all-features" / \
    "spec.mizan.kdl"


def compile_bytes(tmp_path: Path, data: bytes) -> Compilation:
    path = tmp_path / "spec.mizan.kdl"
    path.write_bytes(data)
    result = compile_spec([path])
    # every renderer must cope with whatever came back
    render_text(result.diagnostics, result.sources)
    render_json(result.diagnostics)
    render_github(result.diagnostics)
    return result


def codes_of(result: Compilation) -> list[str]:
    return [d.code.id for d in result.diagnostics]


def test_empty_file_lacks_its_version(tmp_path: Path) -> None:
    assert codes_of(compile_bytes(tmp_path, b"")) == ["E101"]


def test_directory_without_specs(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a spec")
    result = compile_spec([tmp_path])
    assert codes_of(result) == ["E001"]
    assert result.ir is None


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    result = compile_bytes(tmp_path, b"mizan 1\nfunction f\n  \xff\xfe")
    [d] = result.diagnostics
    assert (d.code.id, d.span.line, d.span.col) == ("E003", 3, 3)


def test_nul_bytes_are_located(tmp_path: Path) -> None:
    result = compile_bytes(tmp_path, b"mizan 1\nfunction \x00f\n")
    [d] = result.diagnostics
    assert (d.code.id, d.span.line, d.span.col) == ("E006", 2, 10)


def test_a_leading_bom_is_accepted(tmp_path: Path) -> None:
    result = compile_bytes(tmp_path, "\ufeffmizan 1\nfunction f\n".encode())
    assert result.errors == []


@pytest.mark.parametrize("closed", [True, False])
def test_hundred_thousand_levels_of_nesting(tmp_path: Path, closed: bool) -> None:
    """Any depth is reported, never a RecursionError. (How long it takes is a figure for
    bench/, not a wall-clock limit here: a loaded machine would fail such a limit by
    chance.)"""
    depth = 100_000
    text = "mizan 1\ntype A " + "{ a " * depth + ("}" * depth if closed else "")
    result = compile_bytes(tmp_path, text.encode())
    assert result.errors
    expected = "E103" if closed else "E005"
    assert expected in codes_of(result)


def test_fifty_megabyte_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.mizan.kdl"
    with path.open("wb") as handle:
        handle.write(b"mizan 1\n")
        handle.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    result = compile_spec([path])
    assert time.perf_counter() - start < 5
    assert codes_of(result) == ["E004"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.mizan.kdl"
    path.write_text("mizan 1\n")
    real_open = os.open

    def guarded_open(file: Any, flags: int, *args: Any) -> int:
        if Path(str(file)).name == "locked.mizan.kdl":
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", guarded_open)
    result = compile_spec([path])
    assert codes_of(result) == ["E002"]
    assert "permission denied" in result.diagnostics[0].message


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURES)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    result = compile_bytes(tmp_path, data)
    assert result.diagnostics or result.ir is not None


def _mutations() -> st.SearchStrategy[bytes]:
    base = EXAMPLE.read_bytes()

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(base)
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data)))
            op = draw(st.sampled_from(["insert", "delete", "replace", "splice"]))
            if op == "insert":
                data[at:at] = draw(st.sampled_from(
                    [b"{", b"}", b'"', b"=", b"/-", b"/*", b"\\", b"#", b"(", b"\n", b"\x00",
                     b"\xff", b"field x int", b"affects", b"?", b"[", b"]", b"#true", b"1e999"]))
            elif op == "delete":
                del data[at:at + draw(st.integers(1, 20))]
            elif op == "replace" and at < len(data):
                data[at] = draw(st.integers(0, 255))
            else:
                other = draw(st.integers(0, len(data)))
                data[at:at] = data[other:other + draw(st.integers(1, 60))]
        return bytes(data)

    return mutate()


@settings(max_examples=400, deadline=None, suppress_health_check=FIXTURES)
@given(_mutations())
def test_mutated_specs_never_raise(tmp_path: Path, data: bytes) -> None:
    result = compile_bytes(tmp_path, data)
    for d in result.diagnostics:
        assert d.span.line >= 0 and d.message


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00", b"mizan 1\n" + b"{" * 5000,
                                  b'mizan 1\ntype A { field x "list[" }'])
def test_cli_never_shows_a_traceback(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "spec.mizan.kdl"
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "mizan_spec", "check", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "error[" in run.stdout
