"""The models module is final when datamodel-code-generator returns it: its own custom
formatter steps lay it out (`model_layout`: the import block, as every generated module has
it) and restore spec names that shadow its imports (`shadowing`), and a failure of either
step is an error, never an unformatted module."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pydantic
import pytest

from mizan_spec.compile import compile_spec
from mizan_spec.generate.python import model_layout, shadowing
from mizan_spec.generate.python.models import render_models
from mizan_spec.generate.python.pytypes import Imports

SPEC = """mizan 1

type Field {
    field BaseModel int default=1
}
type BaseModel {
    field Field Field
}
function get_field returns=Field
function get_base returns=BaseModel
"""


SECTIONS = """mizan 1

enum Level {
    low
    high
}
type Entry {
    doc "The audit trail."
    field at datetime
    field level Level
    field note str max-length=80
}
function entries returns="list[Entry]"
"""


def _models(tmp_path: Path, text: str = SPEC) -> str:
    spec = tmp_path / "s.mizan.kdl"
    spec.write_text(text)
    ir = compile_spec([spec]).ir
    assert ir is not None
    return render_models(ir, "# header\n")[0]


@contextlib.contextmanager
def _imported(tmp_path: Path, name: str, code: str) -> Iterator[ModuleType]:
    """`code` imported as the module `name` (registered while the block runs, as pydantic
    resolves the postponed annotations through `sys.modules`)."""
    path = tmp_path / f"{name}.py"
    path.write_text(code)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]


def test_spec_names_come_back_from_the_generator_itself(tmp_path: Path) -> None:
    code = _models(tmp_path)
    assert "class Field(_BaseModel):" in code
    assert "class BaseModel(_BaseModel):" in code
    assert "from pydantic import BaseModel as _BaseModel" in code
    assert "MizanSpecType" not in code
    with _imported(tmp_path, "shadowing_models", code) as module:
        built = module.BaseModel.model_validate({"Field": {"BaseModel": 2}})
        assert isinstance(built.Field_, module.Field)  # a field named like a type: `Field_`
        assert built.model_dump(by_alias=True) == {"Field": {"BaseModel": 2}}


def test_the_import_block_is_sorted_in_sections(tmp_path: Path) -> None:
    """The generator lists imports in the order it met them (`typing` before `datetime`,
    `pydantic` before `enum`); the layout step sorts them into isort's sections."""
    code = _models(tmp_path, SECTIONS)
    head = code[:code.index("\nclass ")].strip("\n").split("\n")
    assert head == ["# header", "", "from __future__ import annotations", "",
                    "from datetime import datetime", "from enum import StrEnum",
                    "from typing import Annotated", "",
                    "from pydantic import BaseModel, ConfigDict, Field"]
    assert '"""The audit trail."""\n\n    model_config' in code  # a blank line after


def test_layout_imports_what_the_printer_wrote_and_the_class_lines_use() -> None:
    """The generator's imports for field types it chose (`Optional`, `constr`) go; the
    printer's (`Any`, `date as _date`) and the bases and `ConfigDict` stay; every line after
    the imports is kept as it was, trailing blanks aside."""
    raw = ("# h\n\nfrom __future__ import annotations\n\nfrom typing import Optional\n"
           "from pydantic import BaseModel, ConfigDict, constr\nfrom enum import StrEnum\n\n\n"
           "class A(BaseModel):  \n    model_config = ConfigDict(validate_by_name=True)\n"
           "    x: Any\n    y: _date\n\n\nclass B(StrEnum):\n    b = \"b\"\n\n\n"
           "A.model_rebuild()\n")
    printed = Imports(names={"typing": {"Any": "Any"}, "datetime": {"date": "_date"}})
    assert model_layout.layout(raw, printed) == (
        "# h\n\nfrom __future__ import annotations\n\nfrom datetime import date as _date\n"
        "from enum import StrEnum\nfrom typing import Any\n\n"
        "from pydantic import BaseModel, ConfigDict\n\n\n"
        "class A(BaseModel):\n    model_config = ConfigDict(validate_by_name=True)\n"
        "    x: Any\n    y: _date\n\n\nclass B(StrEnum):\n    b = \"b\"\n\n\n"
        "A.model_rebuild()\n")


KEYWORDS = """mizan 1

type Rule {
    field pattern str max-length=10
    field format email
    field description "str?"
    field minimum int min=0
    field items "list[str]" max-length=2
    field properties "dict[str, int]"
    field type str default="plain"
}
function rules returns="list[Rule]"
"""


def test_fields_named_like_json_schema_keywords(tmp_path: Path) -> None:
    """The generator's input is rewritten keyword by keyword, never a property's name as
    a keyword: a field `pattern` or `format` once made gen python fail with an internal
    error. Their constraints still hold, printed from the IR."""
    code = _models(tmp_path, KEYWORDS)
    with _imported(tmp_path, "keyword_models", code) as module:
        wire = {"pattern": "p", "format": "a@b.example", "description": None, "minimum": 0,
                "items": ["x"], "properties": {"k": 1}, "type": "plain"}
        assert module.Rule.model_validate(wire).model_dump() == wire
        for bad in ({"pattern": "p" * 11}, {"minimum": -1}, {"items": ["a", "b", "c"]},
                    {"format": "not an address"}):
            with pytest.raises(pydantic.ValidationError):
                module.Rule.model_validate({**wire, **bad})


@pytest.mark.parametrize(("module", "step"), [(shadowing, "restore"),
                                              (model_layout, "layout")])
def test_a_failing_formatter_step_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              module: object, step: str) -> None:
    def broken(*args: object) -> str:
        raise ValueError("broken")

    monkeypatch.setattr(module, step, broken)
    with pytest.raises(RuntimeError, match="models generator failed"):
        _models(tmp_path)
