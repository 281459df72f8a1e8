"""The product's promise on the language's own example: a decorator-first app and the
spec export the same IR, byte for byte, and so the same IR hash."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir, ir_hash

BLOG = Path(__file__).parent.parent / "examples" / "blog"


def test_decorator_first_blog_exports_the_spec_ir() -> None:
    spec = importlib.util.spec_from_file_location("blog_decorator_app",
                                                  BLOG / "decorator_app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # annotations resolve through the module's entry
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    compiled = compile_spec([BLOG / "spec"])
    assert compiled.ir is not None
    expected = emit_ir(compiled.ir)
    assert module.registry.ir_text() == expected
    assert module.registry.ir_hash() == ir_hash(expected)
