"""The models module is final when datamodel-code-generator returns it: spec names that
shadow its imports are restored by its own custom-formatter step, and a failure of that
step is an error, never an unformatted module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from mizan_spec.compile import compile_spec
from mizan_spec.generate.python import shadowing
from mizan_spec.generate.python.models import render_models

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


def _models(tmp_path: Path) -> str:
    spec = tmp_path / "s.mizan.kdl"
    spec.write_text(SPEC)
    ir = compile_spec([spec]).ir
    assert ir is not None
    return render_models(ir, "# header\n")[0]


def test_spec_names_come_back_from_the_generator_itself(tmp_path: Path) -> None:
    code = _models(tmp_path)
    assert "class Field(_BaseModel):" in code
    assert "class BaseModel(_BaseModel):" in code
    assert "from pydantic import BaseModel as _BaseModel" in code
    assert "MizanSpecType" not in code
    path = tmp_path / "shadowing_models.py"
    path.write_text(code)
    spec = importlib.util.spec_from_file_location("shadowing_models", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["shadowing_models"] = module
    try:
        spec.loader.exec_module(module)
        built = module.BaseModel.model_validate({"Field": {"BaseModel": 2}})
        assert isinstance(built.Field_, module.Field)  # a field named like a type: `Field_`
        assert built.model_dump(by_alias=True) == {"Field": {"BaseModel": 2}}
    finally:
        del sys.modules["shadowing_models"]


def test_a_failing_formatter_step_is_an_error(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> str:
        raise ValueError("broken")

    monkeypatch.setattr(shadowing, "restore", broken)
    with pytest.raises(RuntimeError, match="models generator failed"):
        _models(tmp_path)
