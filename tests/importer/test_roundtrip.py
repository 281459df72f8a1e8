"""`ir(import(ir)) == ir`: for every valid conformance spec, the examples, the
decorator-first twins and random IRs, under every split."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from mizan_spec.compile import compile_spec
from mizan_spec.fmt.format import format_text
from mizan_spec.importer.layout import SPLITS
from mizan_spec.importer.run import import_spec
from mizan_spec.importer.sources import ImportSource, from_app
from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import load_ir
from mizan_spec.ir.model import IR
from tests.importer.random_ir import random_ir

ROOT = Path(__file__).resolve().parents[2]
SPECS = [*sorted((ROOT / "spec" / "conformance" / "valid").iterdir()),
         ROOT / "examples" / "library" / "spec", ROOT / "examples" / "blog" / "spec"]
if str(ROOT / "examples") not in sys.path:
    sys.path.insert(0, str(ROOT / "examples"))


def _spec_ir(path: Path) -> str:
    result = compile_spec([path])
    assert result.ir is not None, result.errors
    return emit_ir(result.ir)


def _import_and_check(source: ImportSource, out: Path, split: str | None) -> None:
    result = import_spec(source, out, split)
    assert not result.problems, result.problems
    compiled = compile_spec([out])
    assert not compiled.errors
    assert compiled.ir is not None and emit_ir(compiled.ir) == source.ir_text
    for f in result.files:  # fmt-clean, and written as planned
        assert format_text(f.text) == f.text
        assert (out / f.name).read_text(encoding="utf-8") == f.text


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_every_valid_spec_comes_back(spec: Path, split: str, tmp_path: Path) -> None:
    text = _spec_ir(spec)
    _import_and_check(ImportSource(spec.name, load_ir(text), text), tmp_path / "out", split)


@pytest.mark.parametrize(("app", "spec"), [
    ("library.decorator_app:registry", ROOT / "examples" / "library" / "spec"),
    ("blog.decorator_app:registry", ROOT / "examples" / "blog" / "spec"),
])
def test_decorator_first_twins_import_to_their_specs_ir(app: str, spec: Path,
                                                        tmp_path: Path) -> None:
    source = from_app(app)
    assert source.ir_text == _spec_ir(spec)
    _import_and_check(source, tmp_path / "out", None)


def test_context_split_writes_one_file_per_context(tmp_path: Path) -> None:
    text = _spec_ir(ROOT / "examples" / "library" / "spec")
    result = import_spec(ImportSource("library", load_ir(text), text), tmp_path, "context")
    names = sorted(f.name for f in result.files)
    assert names == ["api.mizan.kdl", "common.mizan.kdl", "global.mizan.kdl",
                     "user.mizan.kdl"]
    api = next(f.text for f in result.files if f.name == "api.mizan.kdl")
    for other in names[1:]:
        assert f'include "{other}"' in api
    user = next(f.text for f in result.files if f.name == "user.mizan.kdl")
    assert 'include "common.mizan.kdl"' in user
    assert user.index("type Shelf") < user.index("function my_shelves")  # types first
    for name in names[1:]:  # each domain file checks on its own, through its includes
        alone = compile_spec([tmp_path / name])
        assert not [d for d in alone.errors if d.code.id != "E502"], alone.errors


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ir=random_ir())
def test_random_irs_come_back(ir: IR, tmp_path_factory: pytest.TempPathFactory) -> None:
    text = emit_ir(ir)
    assert emit_ir(load_ir(text)) == text
    out = tmp_path_factory.mktemp("random")
    for split in ("none", "context"):
        _import_and_check(ImportSource("random", ir, text), out / split, split)
