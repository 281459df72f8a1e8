"""Forms in the language and the IR: defaults, reachability, strict reading.

The conformance cases (spec/conformance/valid/forms, invalid/*) hold the IR bytes and
every diagnostic; these tests hold what those cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.forms.utils import pretty_name as django_pretty_name

from mizan_spec.check import forms as check_forms
from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import IRError, load_ir
from mizan_spec.ir.model import FORM_FIELD_KINDS

CASE = Path(__file__).parent.parent / "spec" / "conformance" / "valid" / "forms"


def _compile(tmp_path: Path, text: str) -> tuple[list[str], str | None]:
    (tmp_path / "spec.mizan.kdl").write_text("mizan 1\n" + text, encoding="utf-8")
    result = compile_spec([tmp_path])
    codes = [d.code.id for d in result.diagnostics]
    return codes, emit_ir(result.ir) if result.ir is not None else None


def test_the_checker_knows_exactly_the_ir_models_kinds() -> None:
    assert check_forms.FORM_FIELD_KINDS == FORM_FIELD_KINDS


@pytest.mark.parametrize("name", ["first_name", "email", "a", "userID", "x__y_", "ünï_code"])
def test_labels_default_to_the_name_made_readable_as_django_does(name: str) -> None:
    assert check_forms.pretty_name(name) == django_pretty_name(name)


def test_defaults_are_resolved_in_the_ir(tmp_path: Path) -> None:
    codes, ir = _compile(tmp_path, "form sign_up {\n    field first_name text\n}\n")
    assert codes == []
    assert ir == ("mizan-ir 1\n"
                  "form sign_up auth=public returns=#null submit-label=Submit title=\"Sign up\" {\n"
                  "    field first_name text label=\"First name\" required=#true\n"
                  "}\n")


def test_what_only_forms_use_is_reached_and_not_warned_about(tmp_path: Path) -> None:
    result = compile_spec([CASE])
    assert result.diagnostics == []
    assert result.ir is not None
    assert {e.name for e in result.ir.enums} == {"Tag", "Topic"}
    assert [p.name for p in result.ir.predicates] == ["invited"]
    tag = result.ir.enum("Tag")
    assert tag is not None and tag.shared_by == ("contact", "sign_up")


def test_a_type_no_form_or_function_uses_is_still_left_out(tmp_path: Path) -> None:
    codes, ir = _compile(tmp_path, "enum Spare {\n    a\n}\nform f\n")
    assert codes == ["W001"]
    assert ir is not None and "Spare" not in ir


def test_form_names_sort_among_themselves_between_contexts_and_functions(tmp_path: Path) -> None:
    codes, ir = _compile(tmp_path, "function a\nform c\nform b\ncontext x\n"
                                   "function z context=x returns=int\n")
    assert codes == []
    assert ir is not None
    heads = [line.split(" ")[0] + " " + line.split(" ")[1] for line in ir.splitlines()[1:]
             if not line.startswith((" ", "}"))]
    assert heads == ["context x", "form b", "form c", "function a", "function z"]


GOOD = ('mizan-ir 1\nform f auth=public returns=#null submit-label=Submit title=F {\n'
        '    field t choices enum=E label=T required=#true {\n        initial a\n    }\n}\n')


@pytest.mark.parametrize("bad", [
    GOOD.replace(" title=F", ""),
    GOOD.replace("choices", "checkbox"),
    GOOD.replace(" required=#true", ""),
    GOOD.replace("required=#true", "required=yes"),
    GOOD.replace("label=T", "label=T colour=red"),
    GOOD.replace("choices enum", "choice enum"),  # `initial` as a child is for `choices` only
    GOOD.replace("label=T", "label=#null"),
    GOOD.replace(" enum=E", ""),
    GOOD.split("    field")[0] + "    field t text enum=E label=T required=#true\n}\n",
    GOOD.replace("label=T", "initial=a label=T"),
])
def test_the_reader_refuses_what_is_not_form_ir(bad: str) -> None:
    assert emit_ir(load_ir(GOOD)) == GOOD
    with pytest.raises(IRError):
        load_ir(bad)
