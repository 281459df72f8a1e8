"""Cache instructions for a call: what to invalidate and which entries to merge in place.

Invalidation is the function's `affects` (contexts and functions), as declared.
A merge is offered for an affected function M (named in `affects`, or a member of an
affected context) whose results clients cache (`ir.kinds.is_cached`: a member or a
query) when the caller's return type and M's are structurally equal (same
resolved shape; type names do not matter) and every parameter of M can be filled:
from the caller's argument of the same name and the same shape, or else from M's
default. The merge names the cache entry (M, filled args) whose value is the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mizan_spec.ir import model as irm
from mizan_spec.ir.kinds import is_cached
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr


class _Shapes:
    def __init__(self, ir: irm.IR) -> None:
        self.structs = {s.name: s for s in ir.structs}
        self.enums = {e.name: e for e in ir.enums}
        self.assumed: set[tuple[str, str]] = set()

    def equal(self, a: TypeExpr, b: TypeExpr) -> bool:
        if isinstance(a, Optional) or isinstance(b, Optional):
            return (isinstance(a, Optional) and isinstance(b, Optional)
                    and self.equal(a.inner, b.inner))
        if isinstance(a, ListOf) or isinstance(b, ListOf):
            return isinstance(a, ListOf) and isinstance(b, ListOf) and self.equal(a.item, b.item)
        if isinstance(a, DictOf) or isinstance(b, DictOf):
            return (isinstance(a, DictOf) and isinstance(b, DictOf)
                    and self.equal(a.key, b.key) and self.equal(a.value, b.value))
        return self._named(a, b)

    def _named(self, a: Named, b: Named) -> bool:
        if a.is_scalar or b.is_scalar:
            return a.name == b.name
        if (a.name, b.name) in self.assumed or a.name == b.name:
            return True
        ea, eb = self.enums.get(a.name), self.enums.get(b.name)
        if ea is not None or eb is not None:
            return (ea is not None and eb is not None
                    and {m.name for m in ea.members} == {m.name for m in eb.members})
        sa, sb = self.structs.get(a.name), self.structs.get(b.name)
        if sa is None or sb is None:
            return False
        fa = {f.name: f.type for f in sa.fields}
        fb = {f.name: f.type for f in sb.fields}
        if fa.keys() != fb.keys():
            return False
        self.assumed.add((a.name, b.name))
        return all(self.equal(fa[k], fb[k]) for k in fa)


def shapes_equal(ir: irm.IR, a: TypeExpr, b: TypeExpr) -> bool:
    """Do values of `a` and `b` have the same JSON shape (field names and types)?"""
    return _Shapes(ir).equal(a, b)


@dataclass(frozen=True)
class MergePlan:
    """How to name the cache entry of `function` from a caller's wire args."""

    function: str
    args: tuple[tuple[str, str | None, irm.Scalar], ...]  # (param, caller's arg or None, default)

    def entry(self, wire_args: dict[str, Any]) -> dict[str, Any]:
        return {"function": self.function,
                "args": {p: (wire_args[src] if src is not None else default)
                         for p, src, default in self.args}}


def affected_functions(ir: irm.IR, fn: irm.Function) -> list[irm.Function]:
    names = set(fn.affects_functions)
    for ctx in fn.affects_contexts:
        c = ir.context(ctx)
        names.update(c.members if c else ())
    return [f for f in ir.functions if f.name in names]


def merge_plans(ir: irm.IR, fn: irm.Function) -> tuple[MergePlan, ...]:
    if fn.returns is None:
        return ()
    plans = []
    mine = {p.name: p.type for p in fn.params}
    for m in affected_functions(ir, fn):
        if m.returns is None or not is_cached(m) or not shapes_equal(ir, fn.returns, m.returns):
            continue
        args: list[tuple[str, str | None, irm.Scalar]] = []
        for q in m.params:
            t = mine.get(q.name)
            if t is not None and shapes_equal(ir, t, q.type):
                args.append((q.name, q.name, None))
            elif q.has_default:
                args.append((q.name, None, q.default))
            else:
                break
        else:
            plans.append(MergePlan(m.name, tuple(args)))
    return tuple(plans)


def invalidation(fn: irm.Function) -> dict[str, list[str]]:
    return {"contexts": list(fn.affects_contexts), "functions": list(fn.affects_functions)}
