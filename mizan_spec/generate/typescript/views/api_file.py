"""The view of api.ts: the schema the kernel reads, one `callXxx` per callable function
and one `fetchXxx` (with its results type) per context."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.names import doc_comment, prop, string
from mizan_spec.generate.typescript.symbols import Symbols, callable_functions
from mizan_spec.generate.typescript.views.common import (
    callable_members,
    context_params,
    function_doc,
    is_optional_param,
    json_default,
    result_of,
    uses_declared,
    uses_json,
)
from mizan_spec.ir.kinds import is_cached
from mizan_spec.ir.model import IR, Function


@dataclass(frozen=True)
class SchemaFunction:
    prop: str
    params: str  # `{ name: "id" }, { name: "lang", default: "en" }`
    context: str  # a string literal, or `null`
    cached: str  # `true` / `false`
    rev: int  # the function's cache revision: the kernel keys its entries by it
    websocket: bool  # offered over the WebSocket: `websocket: true` is written


@dataclass(frozen=True)
class SchemaContext:
    prop: str
    members: str  # `"me", "prefs"`


@dataclass(frozen=True)
class CallView:
    wire_string: str
    call_name: str
    args_type: str
    args_optional: bool
    result_type: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class MemberResult:
    prop: str
    type: str


@dataclass(frozen=True)
class FetchView:
    wire: str
    wire_string: str
    fetch_name: str
    results_type: str
    args_type: str
    args_optional: bool
    doc: tuple[str, ...]
    members: tuple[MemberResult, ...]


@dataclass(frozen=True)
class ApiFile:
    imports: tuple[str, ...]
    ir_hash: str
    schema_functions: tuple[SchemaFunction, ...]
    schema_contexts: tuple[SchemaContext, ...]
    functions: tuple[CallView, ...]
    contexts: tuple[FetchView, ...]


def call_view(f: Function, symbols: Symbols) -> CallView:
    s = symbols.function(f)
    return CallView(string(f.name), s.call, f"args.{s.args}",
                    all(is_optional_param(p) for p in f.params), result_of(f),
                    tuple(doc_comment(function_doc(f))))


def _schema_function(f: Function) -> SchemaFunction:
    params = []
    for p in f.params:
        default = json_default(p)
        params.append(f"{{ name: {string(p.name)} }}" if default is None
                      else f"{{ name: {string(p.name)}, default: {default} }}")
    return SchemaFunction(prop(f.name), ", ".join(params),
                          "null" if f.context is None else string(f.context),
                          "true" if is_cached(f) else "false", f.rev, f.websocket)


def signature_imports(ir: IR) -> tuple[str, ...]:
    """What the signatures of api.ts and react.ts need: the kernel's `JsonValue` and the
    `types` namespace when results use them, and the `args` namespace when there is a
    function to call."""
    functions = callable_functions(ir)
    results = [f.returns for f in functions if f.returns is not None]
    return (*(['import type { JsonValue } from "./kernel.js";'] if uses_json(results) else []),
            *(['import type * as types from "./types.js";'] if uses_declared(results) else []),
            *(['import type * as args from "./args.js";'] if functions else []))


def api_file(ir: IR, symbols: Symbols, ir_hash: str) -> ApiFile:
    functions = callable_functions(ir)
    contexts = []
    for name, c in symbols.contexts.items():
        ctx = ir.context(name)
        assert ctx is not None
        members = callable_members(ir, ctx)
        contexts.append(FetchView(
            name, string(name), c.fetch, c.results, f"args.{c.args}",
            all(is_optional_param(p) for p in context_params(ir, ctx)),
            tuple(doc_comment(ctx.doc or f"Fetch every member of the `{name}` context.")),
            tuple(MemberResult(prop(m.name), result_of(m)) for m in members)))
    schema_contexts = []
    for name in symbols.contexts:
        ctx = ir.context(name)
        assert ctx is not None
        schema_contexts.append(SchemaContext(prop(name), ", ".join(
            string(m.name) for m in callable_members(ir, ctx))))
    kernel = ["MizanClient", "type ClientOptions",
              *(["type MemberOutcome"] if contexts else []), "type Schema"]
    imports = ("import { " + ", ".join(kernel) + ' } from "./kernel.js";',
               *signature_imports(ir))
    return ApiFile(imports, string(ir_hash),
                   tuple(_schema_function(f) for f in functions), tuple(schema_contexts),
                   tuple(call_view(f, symbols) for f in functions), tuple(contexts))
