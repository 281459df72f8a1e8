"""What several files' views share: type texts inside and outside types.ts, parameter
optionality, which imports a set of types needs, and a function's doc comment."""

from __future__ import annotations

import json
from collections.abc import Iterable

from mizan_spec.generate.typescript.typemap import ts_type
from mizan_spec.ir.model import IR, Context, Field, Function
from mizan_spec.ir.types import Optional, TypeExpr, names_in


def outside(t: TypeExpr) -> str:
    """A type as api.ts, args.ts and react.ts write it: spec types through `types.`."""
    return ts_type(t, types_prefix="types.", json_name="JsonValue")


def result_of(f: Function) -> str:
    return "null" if f.returns is None else outside(f.returns)


OBJECT_MEMBERS = frozenset([
    "constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf",
    "propertyIsEnumerable", "__proto__", "__defineGetter__", "__defineSetter__",
    "__lookupGetter__", "__lookupSetter__",
])
"""Members every JavaScript object has: TypeScript checks an object literal's inherited
`constructor` (a Function) against an optional property of that name, so no literal
would fit one; a parameter of such a name is required in TypeScript."""


def is_optional_param(p: Field) -> bool:
    """Whether TypeScript callers may leave the parameter out (the server fills it in)."""
    return (p.has_default or isinstance(p.type, Optional)) and p.name not in OBJECT_MEMBERS


def uses_json(types: Iterable[TypeExpr]) -> bool:
    return any(n.name == "json" for t in types for n in names_in(t))


def uses_declared(types: Iterable[TypeExpr]) -> bool:
    return any(not n.is_scalar for t in types for n in names_in(t))


def json_default(p: Field) -> str | None:
    """The default the kernel fills in, as a JSON text (None: the parameter is required)."""
    if p.has_default:
        return json.dumps(p.default, ensure_ascii=False)
    if isinstance(p.type, Optional):
        return "null"
    return None


def context_params(ir: IR, ctx: Context) -> list[Field]:
    """A context's parameters: the union of its members' parameters, by name, first
    declaration wins (the checker guarantees members agree)."""
    out: dict[str, Field] = {}
    for member in ctx.members:
        fn = ir.function(member)
        for p in fn.params if fn else ():
            out.setdefault(p.name, p)
    return [out[name] for name in sorted(out)]


def callable_members(ir: IR, ctx: Context) -> list[Function]:
    """A context's members reachable through call/, in member order."""
    return [fn for m in ctx.members if (fn := ir.function(m)) is not None and fn.route is None]


def function_doc(f: Function) -> str:
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
