"""Bidi controls, NUL and other control characters never reach generated sources.

KDL forbids them written raw, but an escape (`"\\u{202e}"`) puts one in a value. `check`
refuses them in every string that generated code carries (E406, at the escape), and the
IR reader refuses them in an IR file, so no generator ever sees one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mizan_spec.check.text import describe, first_unsafe
from mizan_spec.cli.main import cli
from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import IRError, load_ir

SPEC = """mizan 1

type Note {
    doc "Shown as %stxt.exe"
    field body str
}

function read_note returns=Note
"""

BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
CONTROLS = [c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0))


def test_exactly_the_bidi_controls_and_control_characters_are_refused() -> None:
    refused = {c for c in range(sys.maxunicode + 1)
               if not 0xD800 <= c <= 0xDFFF and first_unsafe(chr(c)) is not None}
    assert refused == {*BIDI, *CONTROLS, 0x2028, 0x2029}
    assert first_unsafe("tab\tnew\nline, é, 中文, emoji \U0001f600") is None
    assert describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert describe("\x00") == "U+0000 NULL"
    assert describe("\x7f") == "U+007F DELETE"


def _spec(tmp_path: Path, escape: str) -> Path:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "notes.mizan.kdl").write_text(SPEC % escape, encoding="utf-8")
    return spec


def test_check_names_the_code_point_at_its_escape(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_spec(tmp_path, "\\u{202e}"))
    result = CliRunner().invoke(cli, ["check", "."])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first == ("notes.mizan.kdl:4:19: error[E406]: the doc of type `Note` holds U+202E "
                     "RIGHT-TO-LEFT OVERRIDE, a bidirectional control that would reach "
                     "generated code")
    assert "\u202e" not in result.stdout + result.stderr
    assert "^^^^^^^^" in result.stdout  # the whole `\u{202e}` escape is underlined


@pytest.mark.parametrize("command", [
    ["gen", "python", "--backend", "fastapi"], ["gen", "python", "--backend", "django"],
    ["gen", "typescript", "--react"],
])
def test_gen_refuses_a_spec_with_a_bidi_control_in_a_doc(tmp_path: Path,
                                                         command: list[str]) -> None:
    spec = _spec(tmp_path, "\\u{202e}")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [*command[:2], str(spec), *command[2:], "--out", str(out)])
    assert result.exit_code == 1
    assert "E406" in result.stderr and "U+202E RIGHT-TO-LEFT OVERRIDE" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", [
    ["gen", "python", "--backend", "fastapi"], ["gen", "typescript"],
])
def test_gen_refuses_an_ir_file_with_a_control_character(tmp_path: Path,
                                                         command: list[str]) -> None:
    clean = compile_spec([_spec(tmp_path, "")]).ir
    assert clean is not None
    ir_file = tmp_path / "app.ir.kdl"
    ir_file.write_text(emit_ir(clean), encoding="utf-8")
    good = CliRunner().invoke(cli, [*command[:2], str(ir_file), *command[2:],
                                    "--out", str(tmp_path / "good")])
    assert good.exit_code == 0, good.output
    text = emit_ir(clean).replace('"Shown as txt.exe"', '"Shown as \\u{202e}txt.exe"')
    assert text != emit_ir(clean)
    ir_file.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [*command[:2], str(ir_file), *command[2:],
                                      "--out", str(out)])
    assert result.exit_code == 1
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in result.stderr
    assert not out.exists()


IR_HEAD = ("mizan-ir 1\nfunction f auth=public context=#null returns=#null rev=1 route=#null "
           "websocket=#false {\n")


@pytest.mark.parametrize("body", [
    '    doc "a\\u{202e}b"\n',
    '    param x str default="\\u{0}"\n',
    '    param x str pattern="\\u{2067}"\n',
    '    param x str {\n        doc "a\\rb"\n    }\n',
    '    param "x\\u{202d}" str\n',
])
def test_the_ir_reader_refuses_them_in_any_string(body: str) -> None:
    with pytest.raises(IRError, match=r"U\+(202E|0000|2067|000D|202D) "):
        load_ir(IR_HEAD + body + "}\n")
    plain = body.replace("\\u{", "u{").replace("\\r", "r")
    assert load_ir(IR_HEAD + plain + "}\n").functions[0].name == "f"
