"""The view of args.ts: one arguments type per callable function and per context."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mizan_spec.generate.typescript.names import doc_comment, prop
from mizan_spec.generate.typescript.symbols import Symbols, callable_functions
from mizan_spec.generate.typescript.views.common import (
    context_params,
    is_optional_param,
    outside,
    uses_declared,
    uses_json,
)
from mizan_spec.ir.model import IR, Field


@dataclass(frozen=True)
class ArgField:
    prop: str
    optional: bool
    type: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class ArgType:
    name: str
    doc: tuple[str, ...]
    fields: tuple[ArgField, ...]


@dataclass(frozen=True)
class ArgsFile:
    imports: tuple[str, ...]
    arg_types: tuple[ArgType, ...]


def arg_fields(params: Iterable[Field]) -> tuple[ArgField, ...]:
    return tuple(ArgField(prop(p.name), is_optional_param(p), outside(p.type),
                          tuple(doc_comment(p.doc, "  "))) for p in params)


def args_file(ir: IR, symbols: Symbols) -> ArgsFile:
    functions = callable_functions(ir)
    types = [ArgType(symbols.function(f).args, tuple(doc_comment(f"Arguments of `{f.name}`.")),
                     arg_fields(f.params)) for f in functions]
    for name, c in symbols.contexts.items():
        ctx = ir.context(name)
        assert ctx is not None
        types.append(ArgType(c.args, tuple(doc_comment(
            f"Arguments of the `{name}` context: every parameter of its members.")),
            arg_fields(context_params(ir, ctx))))
    param_types = [p.type for f in functions for p in f.params]
    imports = []
    if uses_declared(param_types):
        imports.append('import type * as types from "./types.js";')
    if uses_json(param_types):
        imports.append('import type { JsonValue } from "./kernel.js";')
    return ArgsFile(tuple(imports), tuple(types))
