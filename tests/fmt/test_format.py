"""The formatter on every conformance and example spec, on generated documents, and as a CLI."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mizan_spec.cli.main import cli
from mizan_spec.compile import compile_spec
from mizan_spec.fmt.format import format_bytes, format_text
from mizan_spec.fmt.verify import same_document
from mizan_spec.ir.emit import emit_ir

ROOT = Path(__file__).parents[2]
SPECS = sorted([*ROOT.glob("spec/conformance/*/*/**/*.mizan.kdl"),
                *ROOT.glob("examples/**/*.mizan.kdl")])
SPEC_DIRS = sorted({p.relative_to(ROOT).parts[:4] for p in SPECS
                    if p.parts[-4:-2] != ("conformance", "invalid")})
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)


def _comments(text: str) -> Counter[str]:
    return Counter(m.group().strip() for m in _COMMENT.finditer(text))


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_spec_formats_idempotently_and_keeps_its_comments(path: Path) -> None:
    result = format_bytes(str(path), path.read_bytes())
    if result.text is None:  # only files that do not parse are refused
        assert "invalid" in path.parts and result.diagnostics
        return
    assert same_document(result.original or "", result.text)
    assert format_text(result.text) == result.text
    assert _comments(result.text) == _comments(result.original or "")


def _spec_roots() -> list[Path]:
    roots = {p.parent for p in ROOT.glob("spec/conformance/valid/*/expected.ir.kdl")}
    roots |= {p.parent for p in ROOT.glob("examples/*/spec")}
    return sorted(roots)


@pytest.mark.parametrize("root", _spec_roots(), ids=lambda p: str(p.relative_to(ROOT)))
def test_formatting_never_changes_the_ir(root: Path, tmp_path: Path) -> None:
    before = compile_spec([root])
    assert before.ir is not None
    copy = tmp_path / "spec"
    for path in root.rglob("*.mizan.kdl"):
        target = copy / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        formatted = format_bytes(str(path), path.read_bytes()).text
        assert formatted is not None
        target.write_text(formatted, encoding="utf-8")
    after = compile_spec([copy])
    assert after.ir is not None and emit_ir(after.ir) == emit_ir(before.ir)


def test_layout() -> None:
    text = ('// header\n\n\n(x)type   "Post"   {   // the post\n  field  id   int\n\n\n'
            '  field "title" "str" default="a" max-length=3 ; /* late */ }\n'
            'function f context=c returns=Post auth=#true route="/p/" /- rev=2 {\n'
            '    /-param x int\n    param y "int?" \\ // why\n        default=#null\n}\n'
            'mizan 1\n')
    assert format_text(text) == (
        "// header\n\nmizan 1\n\n"
        "(x)type Post { // the post\n    field id int\n\n"
        "    field title str max-length=3 default=a\n    /* late */\n}\n"
        'function f context=c returns=Post auth=#true route="/p/" /-rev=2 {\n'
        "    /-param x int\n    param y \"int?\" \\ // why\n        default=#null\n}\n")


def test_strings_are_quoted_only_when_needed() -> None:
    out = format_text('mizan 1\nfield "a" "b c" "true" "1x" "x-y" "list[int]" "é" d="e"\n')
    assert out == 'mizan 1\nfield a "b c" "true" "1x" x-y "list[int]" "é" d=e\n'
    assert format_text('doc "Everyone"\n') == 'doc "Everyone"\n'


# -- generated documents ---------------------------------------------------------------

_names = st.sampled_from(["type", "field", "param", "doc", "function", "x-y", '"a b"', "n"])
_values = st.sampled_from(['"s"', '"two words"', "1", "1_000", "0x1F", "1.5e3", "#true", "#null",
                           "bare", '#"raw\\"#', '"""\n  multi\n    line\n  """', '"q\\"x"',
                           "(t)1", '"é😀"'])
_comments_st = st.sampled_from(["// c", "/* b */", "/* multi\n line */", "/* /* nested */ */"])


@st.composite
def _node(draw: st.DrawFn, depth: int) -> str:
    parts = [draw(_names)]
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            parts.append(f"{draw(st.sampled_from(['min', 'default', 'returns', 'k']))}="
                         f"{draw(_values)}")
        elif choice == 1:
            parts.append("/-" + draw(_values))
        elif choice == 2 and draw(st.booleans()):
            parts.append("/* inline */")
        else:
            parts.append(draw(_values))
    text = " ".join(parts)
    if depth < 2 and draw(st.booleans()):
        kids = draw(st.lists(_node(depth + 1), max_size=3))
        comment = draw(st.sampled_from(["", " // open"]))
        text += " {" + comment + "\n" + "\n".join(kids) + "\n}"
    if draw(st.booleans()):
        text += " // tail"
    if draw(st.integers(0, 5)) == 0:
        text = "/-" + text
    if draw(st.integers(0, 4)) == 0:
        text = draw(_comments_st) + "\n" + text
    return text


@st.composite
def _document(draw: st.DrawFn) -> str:
    nodes = draw(st.lists(_node(0), max_size=6))
    seps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", ";", "\n  "]),
                         min_size=len(nodes), max_size=len(nodes)))
    return "".join(n + s for n, s in zip(nodes, seps, strict=True))


@settings(max_examples=300, deadline=None)
@given(_document())
def test_generated_documents(text: str) -> None:
    if not same_document(text, text):
        return  # not valid KDL: the formatter refuses it, which the CLI tests cover
    out = format_text(text)
    assert out is not None, text
    assert same_document(text, out)
    assert format_text(out) == out
    assert _comments(out) == _comments(text)


# -- the command -------------------------------------------------------------------------


def test_check_shows_a_diff_and_exits_1(tmp_path: Path) -> None:
    spec = tmp_path / "a.mizan.kdl"
    spec.write_text("mizan 1\ntype   T\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["fmt", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "-type   T\n+type T\n" in result.output
    assert spec.read_text(encoding="utf-8") == "mizan 1\ntype   T\n"
    assert runner.invoke(cli, ["fmt", str(spec)]).exit_code == 0
    assert spec.read_text(encoding="utf-8") == "mizan 1\ntype T\n"
    assert runner.invoke(cli, ["fmt", str(spec), "--check"]).exit_code == 0


def test_refuses_a_file_with_syntax_errors(tmp_path: Path) -> None:
    spec = tmp_path / "a.mizan.kdl"
    spec.write_text('mizan 1\ntype T {\n    field x "str\n}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["fmt", str(spec)])
    assert result.exit_code == 1
    assert "a.mizan.kdl:3:13: error[E005]" in result.output
    assert "Traceback" not in result.output
    assert spec.read_text(encoding="utf-8").startswith('mizan 1\ntype T {\n    field x "str')
