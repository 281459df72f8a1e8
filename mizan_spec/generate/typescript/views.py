"""View models for the TypeScript templates: every name, type text and ordering the
templates print is decided here. Generated identifiers that could collide (a spec type
named like a kernel export, two functions whose camelCase names meet) raise
GenerateError instead of producing code that does not compile."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mizan_spec.generate.typescript.names import doc_comment, pascal, prop, string
from mizan_spec.generate.typescript.typemap import ts_type
from mizan_spec.ir.model import IR, Context, Field, Function
from mizan_spec.ir.types import Optional, TypeExpr, names_in

KERNEL_EXPORTS = frozenset([
    "JsonValue", "JsonObject", "PROTOCOL_ERROR_CODES", "ProtocolErrorCode", "ErrorCode",
    "Issue", "MizanError", "MemberOutcome", "ParamSpec", "FunctionSpec", "Schema",
    "SessionUser", "SessionInfo", "IrHashPolicy", "HeaderMap", "ClientOptions",
    "CacheChange", "CacheListener", "errorFromEnvelope", "MizanClient",
])
API_FIXED = frozenset(["IR_HASH", "SCHEMA", "createClient", "setDefaultClient", "defaultClient"])
REACT_FIXED = frozenset([
    "MizanContext", "MizanContextProps", "useMizanClient", "ContextState", "MemberState",
    "CallState",
])


class GenerateError(Exception):
    """The IR cannot be rendered as TypeScript (a generated name would collide)."""


def callable_functions(ir: IR) -> list[Function]:
    """Functions reachable through call/ (route functions are views, not callable)."""
    return [f for f in ir.functions if f.route is None]


def _names_claimed(owner: str, pairs: Iterable[tuple[str, str]]) -> None:
    seen: dict[str, str] = {}
    for generated, source in pairs:
        if generated in seen:
            raise GenerateError(f"{owner}: `{seen[generated]}` and `{source}` would both be "
                                f"`{generated}` in TypeScript; rename one of them")
        seen[generated] = source


def _is_optional_param(p: Field) -> bool:
    return p.has_default or isinstance(p.type, Optional)


def _uses_json(types: Iterable[TypeExpr]) -> bool:
    return any(n.name == "json" for t in types for n in names_in(t))


def _uses_declared(types: Iterable[TypeExpr]) -> bool:
    return any(not n.is_scalar for t in types for n in names_in(t))


def _json_default(p: Field) -> str | None:
    if p.has_default:
        return json.dumps(p.default, ensure_ascii=False)
    if isinstance(p.type, Optional):
        return "null"
    return None


@dataclass(frozen=True)
class Views:
    """Everything the templates need, per file."""

    types: dict[str, Any]
    args: dict[str, Any]
    api: dict[str, Any]
    react: dict[str, Any]


def context_params(ir: IR, ctx: Context) -> list[Field]:
    """A context's parameters: the union of its members' parameters, by name, first
    declaration wins (the checker guarantees members agree)."""
    out: dict[str, Field] = {}
    for member in ctx.members:
        fn = ir.function(member)
        for p in fn.params if fn else ():
            out.setdefault(p.name, p)
    return [out[name] for name in sorted(out)]


def build_views(ir: IR, ir_hash: str) -> Views:
    functions = callable_functions(ir)
    declared = [*(e.name for e in ir.enums), *(s.name for s in ir.structs)]
    for name in declared:
        if name in KERNEL_EXPORTS or name in API_FIXED or name in REACT_FIXED:
            raise GenerateError(f"type `{name}` has the name of a client export; rename it")

    def in_types(t: TypeExpr) -> str:
        return ts_type(t, types_prefix="", json_name="mizan.JsonValue")

    def outside(t: TypeExpr) -> str:
        return ts_type(t, types_prefix="types.", json_name="JsonValue")

    def result_of(f: Function) -> str:
        return "null" if f.returns is None else outside(f.returns)

    enums = [{"name": e.name, "doc": doc_comment(e.doc),
              "union": " | ".join(string(m.name) for m in e.members)} for e in ir.enums]
    structs = [{"name": s.name, "doc": doc_comment(s.doc),
                "fields": [{"prop": prop(f.name), "type": in_types(f.type),
                            "doc": doc_comment(f.doc, "  ")} for f in s.fields]}
               for s in ir.structs]
    all_struct_types = [f.type for s in ir.structs for f in s.fields]
    types_view = {"enums": enums, "structs": structs, "uses_json": _uses_json(all_struct_types)}

    contexts = [c for c in ir.contexts if any(
        (fn := ir.function(m)) is not None and fn.route is None for m in c.members)]
    arg_types: list[dict[str, Any]] = []
    param_types: list[TypeExpr] = []
    for f in functions:
        param_types.extend(p.type for p in f.params)
        arg_types.append({"name": pascal(f.name), "source": f.name,
                          "doc": doc_comment(f"Arguments of `{f.name}`."),
                          "fields": _arg_fields(f.params, outside)})
    for c in contexts:
        params = context_params(ir, c)
        arg_types.append({"name": f"{pascal(c.name)}Context", "source": f"context {c.name}",
                          "doc": doc_comment(f"Arguments of the `{c.name}` context: every "
                                             "parameter of its members."),
                          "fields": _arg_fields(params, outside)})
    _names_claimed("args.ts", ((a["name"], a["source"]) for a in arg_types))
    args_imports = []
    if _uses_declared(param_types):
        args_imports.append('import type * as types from "./types.js";')
    if _uses_json(param_types):
        args_imports.append('import type { JsonValue } from "./kernel.js";')
    args_view = {"imports": ["", *args_imports] if args_imports else [], "arg_types": arg_types}

    result_types = [f.returns for f in functions if f.returns is not None]
    kernel_names = ["MizanClient", "type ClientOptions", "type Schema"]
    if contexts:
        kernel_names.insert(2, "type MemberOutcome")
    api_imports = ["import { " + ", ".join(kernel_names) + ' } from "./kernel.js";']
    if _uses_json(result_types):
        api_imports.append('import type { JsonValue } from "./kernel.js";')
    if _uses_declared(result_types):
        api_imports.append('import type * as types from "./types.js";')
    api_imports.append('import type * as args from "./args.js";')

    fn_views: list[dict[str, Any]] = []
    for f in functions:
        fn_views.append({
            "wire": f.name, "wire_string": string(f.name), "call_name": f"call{pascal(f.name)}",
            "args_type": f"args.{pascal(f.name)}",
            "args_optional": all(_is_optional_param(p) for p in f.params),
            "result_type": result_of(f), "doc": doc_comment(_function_doc(f)),
            "hook": f"use{pascal(f.name)}",
        })
    ctx_views: list[dict[str, Any]] = []
    for c in contexts:
        members = [m for m in c.members if (fn := ir.function(m)) and fn.route is None]
        member_views: list[dict[str, Any]] = []
        for m in members:
            fn = ir.function(m)
            assert fn is not None
            member_views.append({"prop": prop(m), "type": result_of(fn),
                                 "hook": f"use{pascal(m)}", "doc": doc_comment(fn.doc)})
        params = context_params(ir, c)
        p = pascal(c.name)
        ctx_views.append({
            "wire": c.name, "wire_string": string(c.name), "fetch_name": f"fetch{p}",
            "results_type": f"{p}ContextResults", "args_type": f"args.{p}Context",
            "args_optional": all(_is_optional_param(x) for x in params),
            "doc": doc_comment(c.doc or f"Fetch every member of the `{c.name}` context."),
            "members": member_views, "members_list": ", ".join(string(m) for m in members),
            "provider": f"{p}Provider", "props_type": f"{p}ProviderProps",
            "hook": f"use{p}Context", "state_var": f"{p}State", "members_var": f"{p}Members",
        })
    schema_functions = []
    for f in functions:
        param_specs: list[str] = []
        for prm in f.params:
            default = _json_default(prm)
            param_specs.append(f"{{ name: {string(prm.name)} }}" if default is None
                          else f"{{ name: {string(prm.name)}, default: {default} }}")
        cached = f.context is not None or not (f.affects_contexts or f.affects_functions)
        schema_functions.append({
            "prop": prop(f.name), "params": ", ".join(param_specs),
            "context": "null" if f.context is None else string(f.context),
            "cached": "true" if cached else "false"})
    schema_contexts = [{"prop": prop(c.name), "members": ", ".join(
        string(m) for m in c.members if (fn := ir.function(m)) and fn.route is None)}
        for c in contexts]
    api_names = [(n, n) for n in API_FIXED]
    api_names += [(v["call_name"], v["wire"]) for v in fn_views]
    api_names += [(v["fetch_name"], f"context {v['wire']}") for v in ctx_views]
    api_names += [(v["results_type"], f"context {v['wire']}") for v in ctx_views]
    api_names += [(d, f"type {d}") for d in declared]
    api_names += [(k, k) for k in KERNEL_EXPORTS]
    _names_claimed("the client's exports", api_names)
    api_view = {"imports": api_imports, "ir_hash": string(ir_hash),
                "schema_functions": schema_functions, "schema_contexts": schema_contexts,
                "functions": fn_views, "contexts": ctx_views}

    calls = [v for v, f in zip(fn_views, functions, strict=True) if f.context is None]
    react_names = [(n, n) for n in REACT_FIXED] + api_names
    for v in ctx_views:
        src = f"context {v['wire']}"
        react_names += [(v["provider"], src), (v["props_type"], src), (v["hook"], src)]
        react_names += [(m["hook"], m["prop"]) for m in v["members"]]
    react_names += [(v["hook"], v["wire"]) for v in calls]
    _names_claimed("the React bindings", react_names)
    from_api = ["createClient", *(v["fetch_name"] for v in ctx_views),
                *(v["call_name"] for v in calls), *(f"type {v['results_type']}" for v in ctx_views)]
    react_kernel = ["MizanClient", "MizanError", "type ClientOptions"]
    if contexts:
        react_kernel.append("type MemberOutcome")
    react_imports = ["import { " + ", ".join(react_kernel) + ' } from "./kernel.js";',
                     "import { " + ", ".join(from_api) + ' } from "./api.js";', *api_imports[1:]]
    react_view = {"imports": react_imports, "contexts": ctx_views, "calls": calls}
    return Views(types_view, args_view, api_view, react_view)


def _arg_fields(params: Iterable[Field], render: Any) -> list[dict[str, Any]]:
    return [{"prop": prop(p.name), "optional": _is_optional_param(p), "type": render(p.type),
             "doc": doc_comment(p.doc, "  ")} for p in params]


def _function_doc(f: Function) -> str:
    lines = [f.doc] if f.doc else []
    notes = []
    if f.auth != "public":
        notes.append(f"auth: {f.auth}")
    if f.affects_contexts:
        notes.append("invalidates context " + ", ".join(f.affects_contexts))
    if f.affects_functions:
        notes.append("invalidates " + ", ".join(f.affects_functions))
    if notes:
        lines.append("(" + "; ".join(notes) + ")")
    return "\n".join(lines)

