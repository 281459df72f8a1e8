"""Lowering: checked declarations to the canonical IR.

Runs only on a spec without errors, so every type reference is parsed and resolved and
every default is normalised. Canonical order, tree-shaking and `shared-by` come from
`finish_ir`, which decorator-first registries use too.
"""

from __future__ import annotations

from mizan_spec.check.declarations import Declarations, FieldDecl, FunctionDecl
from mizan_spec.ir.channels import lower_channel
from mizan_spec.ir.durations import parse_duration
from mizan_spec.ir.finish import finish_ir
from mizan_spec.ir.forms import lower_form
from mizan_spec.ir.model import (
    AUTH_AUTHENTICATED,
    AUTH_PUBLIC,
    IR,
    Constraints,
    Context,
    Enum,
    EnumMember,
    Field,
    Function,
    Predicate,
    Struct,
)
from mizan_spec.parse.document import Scalar

NO_CONSTRAINTS = Constraints()


def _bound(v: Scalar) -> int | float | str | None:
    assert not isinstance(v, bool)
    return v


def _length(v: Scalar) -> int | None:
    assert v is None or (isinstance(v, int) and not isinstance(v, bool))
    return v


def _field(f: FieldDecl) -> Field:
    assert f.type.parsed is not None
    c = f.constraints
    if not c:
        return Field(f.name, f.type.parsed, f.doc, f.has_default, f.default, NO_CONSTRAINTS)
    constraints = Constraints(
        min=_bound(c.get("min")), max=_bound(c.get("max")),
        min_length=_length(c.get("min-length")), max_length=_length(c.get("max-length")),
        pattern=str(c["pattern"]) if "pattern" in c else None,
    )
    return Field(f.name, f.type.parsed, f.doc, f.has_default, f.default, constraints)


def _function(fn: FunctionDecl, contexts: set[str]) -> Function:
    auth = fn.auth
    level = (AUTH_AUTHENTICATED if auth else AUTH_PUBLIC) if isinstance(auth, bool) else auth
    returns = fn.returns.parsed if fn.returns is not None else None
    targets = [t.name for t in fn.affects]
    return Function(
        name=fn.name, params=tuple(_field(p) for p in fn.params), returns=returns, doc=fn.doc,
        context=fn.context, auth=level, websocket=fn.websocket, route=fn.route, rev=fn.rev,
        affects_contexts=tuple(t for t in targets if t in contexts),
        affects_functions=tuple(t for t in targets if t not in contexts),
        cache=parse_duration(fn.cache) if fn.cache is not None else None,
    )


def lower(decls: Declarations) -> IR:
    contexts = {c.name for c in decls.contexts}
    return finish_ir(
        enums=[Enum(e.name, tuple(EnumMember(m.name, m.doc, m.label) for m in e.members), e.doc)
               for e in decls.enums],
        structs=[Struct(t.name, tuple(_field(f) for f in t.fields), t.doc) for t in decls.types],
        predicates=[Predicate(p.name, p.doc) for p in decls.predicates],
        contexts=[Context(c.name, (), c.doc) for c in decls.contexts],
        functions=[_function(fn, contexts) for fn in decls.functions],
        channels=[lower_channel(c, _field) for c in decls.channels],
        forms=[lower_form(form) for form in decls.forms],
    )
