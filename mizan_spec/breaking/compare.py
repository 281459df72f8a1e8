"""Comparing two IRs: every change a deployed client would notice, graded by rule.

Types are compared by direction: what callers send (parameters, and the fields of
types reachable from parameters) may widen but not narrow; what callers receive (results
and the types reachable from them) may narrow but not widen. A type that disappears
while another with identical fields appears is a rename, not a removal. A field or
parameter that disappears while another of the same type appears at its position is
still a removal and an addition, with a hint that it looks like a rename. Each finding
is anchored at the most precise place of the new spec: the field, parameter, member or
property that changed, else its declaration.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from mizan_spec.breaking import rules as r
from mizan_spec.breaking.channels import channel_inputs, channel_outputs, compare_channels
from mizan_spec.breaking.rules import Anchor, Finding
from mizan_spec.ir.durations import format_duration
from mizan_spec.ir.model import (
    AUTH_LEVELS,
    IR,
    Channel,
    Constraints,
    Enum,
    Field,
    Form,
    Function,
    Struct,
)
from mizan_spec.ir.types import (
    DictOf,
    ListOf,
    Named,
    Optional,
    TypeExpr,
    format_type,
    reachable_names,
)


def _reachable(ir: IR, roots: list[TypeExpr]) -> set[str]:
    fields = {s.name: [f.type for f in s.fields] for s in ir.structs}
    return reachable_names(roots, lambda name: fields.get(name, ()))


class Comparer:
    def __init__(self, old: IR, new: IR) -> None:
        self.old, self.new = old, new
        self.out: list[Finding] = []
        self.renamed = self._renames()  # old name -> new name
        self.inputs = _reachable(new, [p.type for f in new.functions for p in f.params]
                                 + channel_inputs(new))
        self.outputs = _reachable(new, [f.returns for f in new.functions if f.returns]
                                  + channel_outputs(new))

    def add(self, rule: r.Rule, subject: str, message: str, anchor: Anchor | None = None,
            hint: str = "") -> None:
        self.out.append(Finding(rule, subject, message, anchor or Anchor(), hint=hint))

    def _renames(self) -> dict[str, str]:
        old_names = {s.name for s in self.old.structs} | {e.name for e in self.old.enums}
        new_names = {s.name for s in self.new.structs} | {e.name for e in self.new.enums}
        shapes: dict[object, str] = {}
        for s in self.new.structs:
            if s.name not in old_names:
                shapes.setdefault(("s", tuple((f.name, format_type(f.type)) for f in s.fields)),
                                  s.name)
        for e in self.new.enums:
            if e.name not in old_names:
                shapes.setdefault(("e", tuple(m.name for m in e.members)), e.name)
        out = {}
        for s in self.old.structs:
            key = ("s", tuple((f.name, format_type(f.type)) for f in s.fields))
            if s.name not in new_names and key in shapes:
                out[s.name] = shapes[key]
        for e in self.old.enums:
            key2 = ("e", tuple(m.name for m in e.members))
            if e.name not in new_names and key2 in shapes:
                out[e.name] = shapes[key2]
        return out

    # -- types -----------------------------------------------------------------------------

    def accepts(self, wide: TypeExpr, narrow: TypeExpr) -> bool:
        """Whether every value of `narrow` (old names renamed) is a value of `wide`."""
        if isinstance(wide, Optional):
            inner = narrow.inner if isinstance(narrow, Optional) else narrow
            return self.accepts(wide.inner, inner)
        if isinstance(narrow, Optional):
            return False
        if isinstance(wide, ListOf) and isinstance(narrow, ListOf):
            return self.accepts(wide.item, narrow.item)
        if isinstance(wide, DictOf) and isinstance(narrow, DictOf):
            return self.accepts(wide.key, narrow.key) and self.accepts(wide.value, narrow.value)
        if isinstance(wide, Named) and isinstance(narrow, Named):
            return self.renamed.get(narrow.name, narrow.name) == self.renamed.get(
                wide.name, wide.name)
        return False

    def same_type(self, a: TypeExpr, b: TypeExpr) -> bool:
        return self.accepts(a, b) and self.accepts(b, a)

    def look_alikes(self, old: Sequence[Field], new: Sequence[Field]) -> dict[str, str]:
        """Removed name -> added name, for each field (parameter) that is gone while one
        of the same type took its position: likely a rename."""
        old_names, new_names = {f.name for f in old}, {g.name for g in new}
        out = {}
        for i, f in enumerate(old):
            if f.name in new_names or i >= len(new):
                continue
            g = new[i]
            if g.name not in old_names and self.same_type(f.type, g.type):
                out[f.name] = g.name
        return out

    def types(self) -> None:
        for old in self.old.structs:
            new = self.new.struct(self.renamed.get(old.name, old.name))
            if new is None:
                self.add(r.TYPE_REMOVED, old.name, f"type `{old.name}` was removed")
                continue
            if new.name != old.name:
                self.add(r.TYPE_RENAMED, old.name,
                         f"type `{old.name}` was renamed to `{new.name}`", Anchor(new.name))
            self.struct(old, new)
        for old_enum in self.old.enums:
            new_enum = self.new.enum(self.renamed.get(old_enum.name, old_enum.name))
            if new_enum is None:
                self.add(r.TYPE_REMOVED, old_enum.name, f"enum `{old_enum.name}` was removed")
                continue
            if new_enum.name != old_enum.name:
                self.add(r.TYPE_RENAMED, old_enum.name,
                         f"enum `{old_enum.name}` was renamed to `{new_enum.name}`",
                         Anchor(new_enum.name))
            self.enum(old_enum, new_enum)

    def struct(self, old: Struct, new: Struct) -> None:
        sent, received = new.name in self.inputs, new.name in self.outputs
        new_fields = {f.name: f for f in new.fields}
        old_fields = {f.name: f for f in old.fields}
        renames = self.look_alikes(old.fields, new.fields)
        added_for = {b: a for a, b in renames.items()}
        for f in old.fields:
            subject = f"{new.name}.{f.name}"
            g = new_fields.get(f.name)
            if g is None:
                if received or not sent:
                    alike = renames.get(f.name)
                    self.add(r.FIELD_REMOVED, subject, f"field `{subject}` was removed",
                             Anchor(new.name, alike or ""), _rename_hint(new.name, f.name, alike))
                continue
            at = Anchor(new.name, g.name)
            ok = (not sent or self.accepts(g.type, f.type)) and (
                not received or self.accepts(f.type, g.type))
            if not ok:
                self.add(r.FIELD_TYPE, subject, f"field `{subject}` changed type from "
                         f"`{format_type(f.type)}` to `{format_type(g.type)}`",
                         Anchor(new.name, g.name, "type"))
            if sent and f.has_default and not g.has_default:
                self.add(r.FIELD_REQUIRED, subject,
                         f"field `{subject}` lost its default: callers must now send it", at)
            tighter = _tightened(f, g) if sent else []
            if tighter:
                self.add(r.FIELD_CONSTRAINT, subject,
                         f"field `{subject}` of a type callers send now rejects values it "
                         f"accepted: {_listed(tighter)}", Anchor(new.name, g.name, tighter[0][0]))
        for g in new.fields:
            if sent and g.name not in old_fields and not g.has_default:
                self.add(r.FIELD_ADDED, f"{new.name}.{g.name}",
                         f"required field `{new.name}.{g.name}` was added to a type callers "
                         "send", Anchor(new.name, g.name),
                         _rename_hint(new.name, added_for.get(g.name), g.name))

    def enum(self, old: Enum, new: Enum) -> None:
        before = [m.name for m in old.members]
        after = [m.name for m in new.members]
        for name in before:
            if name not in after:
                self.add(r.ENUM_VALUE_REMOVED, f"{new.name}.{name}",
                         f"enum value `{new.name}.{name}` was removed", Anchor(new.name))
        for name in after:
            if name not in before:
                self.add(r.ENUM_VALUE_ADDED, f"{new.name}.{name}",
                         f"enum value `{new.name}.{name}` was added", Anchor(new.name, name))

    # -- functions ---------------------------------------------------------------------------

    def functions(self) -> None:
        for old in self.old.functions:
            new = self.new.function(old.name)
            if new is None:
                self.add(r.FUNCTION_REMOVED, old.name, f"function `{old.name}` was removed")
                continue
            self.params(old, new)
            self.function(old, new)

    def params(self, old: Function | Channel, new: Function | Channel) -> None:
        before = {p.name: p for p in old.params}
        renames = self.look_alikes(old.params, new.params)
        added_for = {b: a for a, b in renames.items()}
        for p in new.params:
            subject = f"{new.name}.{p.name}"
            at = Anchor(new.name, p.name)
            q = before.get(p.name)
            if q is None:
                if not p.has_default:
                    self.add(r.PARAM_ADDED, subject,
                             f"parameter `{subject}` was added without a default", at,
                             _rename_hint(new.name, added_for.get(p.name), p.name))
                continue
            if not self.accepts(p.type, q.type):
                self.add(r.PARAM_TYPE, subject, f"parameter `{subject}` changed type from "
                         f"`{format_type(q.type)}` to `{format_type(p.type)}`",
                         Anchor(new.name, p.name, "type"))
            if q.has_default and not p.has_default:
                self.add(r.PARAM_REQUIRED, subject,
                         f"parameter `{subject}` lost its default: callers must now send it", at)
            tighter = _tightened(q, p)
            if tighter:
                self.add(r.PARAM_CONSTRAINT, subject,
                         f"parameter `{subject}` now rejects values it accepted: "
                         f"{_listed(tighter)}", Anchor(new.name, p.name, tighter[0][0]))
        names = {p.name for p in new.params}
        for q in old.params:
            if q.name not in names:
                alike = renames.get(q.name)
                self.add(r.PARAM_REMOVED, f"{new.name}.{q.name}",
                         f"parameter `{new.name}.{q.name}` was removed",
                         Anchor(new.name, alike or ""), _rename_hint(new.name, q.name, alike))

    def function(self, old: Function, new: Function) -> None:
        name = new.name
        if old.returns != new.returns and not (
                old.returns is not None and new.returns is not None
                and self.accepts(old.returns, new.returns)):
            shown = [format_type(t) if t else "null" for t in (old.returns, new.returns)]
            self.add(r.RETURNS, name, f"`{name}` returned `{shown[0]}`, now `{shown[1]}`",
                     Anchor(name, part="returns"))
        if (old.route, old.websocket) != (new.route, new.websocket):
            part = "route" if old.route != new.route else "websocket"
            self.add(r.TRANSPORT, name, f"`{name}` changed how it is reached "
                     f"(route {old.route!r} -> {new.route!r}, websocket {old.websocket} -> "
                     f"{new.websocket})", Anchor(name, part=part))
        if old.context is not None and old.context != new.context:
            self.add(r.CONTEXT_MEMBER_LEFT, name,
                     f"`{name}` left context `{old.context}`", Anchor(name, part="context"))
        for target in (*old.affects_contexts, *old.affects_functions):
            if target not in (*new.affects_contexts, *new.affects_functions):
                self.add(r.AFFECTS_DROPPED, f"{name}->{target}",
                         f"`{name}` no longer affects `{target}`", Anchor(name))
        self.cache(old, new)
        self.auth(old, new)

    def cache(self, old: Function, new: Function) -> None:
        if new.cache is None or (old.cache is not None and new.cache <= old.cache):
            return  # no cache, a shorter one or the same: replies are at least as fresh
        at = Anchor(new.name, part="cache")
        if old.cache is None:
            self.add(r.CACHE_ADDED, new.name,
                     f"`{new.name}` is now cached on the server for {format_duration(new.cache)}:"
                     " a change no `affects` names may take that long to show", at)
        else:
            self.add(r.CACHE_LENGTHENED, new.name,
                     f"`{new.name}` is cached for {format_duration(new.cache)}, up from "
                     f"{format_duration(old.cache)}", at)

    def auth(self, old: Function | Channel | Form, new: Function | Channel | Form) -> None:
        if old.auth == new.auth:
            return
        a, b = _auth_rank(old.auth), _auth_rank(new.auth)
        text = f"`{new.name}` auth changed from `{old.auth}` to `{new.auth}`"
        at = Anchor(new.name, part="auth")
        if a is None and b is not None and b <= 1:
            a = 1.5  # a predicate needs a signed-in user and more
        if b is None and a is not None and a <= 1:
            b = 1.5
        if a is None or b is None or a == b:
            self.add(r.AUTH_CHANGED, new.name, text, at)
        elif b > a:
            self.add(r.AUTH_TIGHTENED, new.name, text, at)
        else:
            self.add(r.AUTH_LOOSENED, new.name, text, at)

    def contexts(self) -> None:
        names = {c.name for c in self.new.contexts}
        for c in self.old.contexts:
            if c.name not in names:
                self.add(r.CONTEXT_REMOVED, c.name, f"context `{c.name}` was removed")


def _auth_rank(auth: str) -> float | None:
    """public < authenticated < predicates (which need a user) < staff < superuser; a
    predicate is incomparable with staff and superuser (None stands for that)."""
    if auth in AUTH_LEVELS:
        return float(AUTH_LEVELS.index(auth))
    return None


def _bound(value: int | float | str) -> Decimal:
    """A numeric bound, exactly (decimal bounds are kept as strings)."""
    return Decimal(str(value))


def _tightened(old: Field, new: Field) -> list[tuple[str, str]]:
    return tightened(old.constraints, new.constraints)


def tightened(a: Constraints, b: Constraints) -> list[tuple[str, str]]:
    """(spec key, "key old -> new") for each constraint that now refuses values the old
    ones allowed, in a fixed order."""
    problems = []
    for key, higher_is_tighter in (("min", True), ("min_length", True), ("max", False),
                                   ("max_length", False)):
        x, y = getattr(a, key), getattr(b, key)
        if y is None or x == y:
            continue
        spec_key = key.replace("_", "-")
        try:
            tighter = x is None or (_bound(y) > _bound(x)) == higher_is_tighter
        except (TypeError, ValueError, InvalidOperation):
            tighter = True  # incomparable bounds: assume the worst
        if tighter:
            problems.append((spec_key, f"{spec_key} {x!r} -> {y!r}"))
    if b.pattern is not None and a.pattern != b.pattern:
        problems.append(("pattern", f"pattern {a.pattern!r} -> {b.pattern!r}"))
    return problems


def _listed(problems: list[tuple[str, str]]) -> str:
    return ", ".join(text for _, text in problems)


def _rename_hint(owner: str, removed: str | None, added: str | None) -> str:
    if removed is None or added is None:
        return ""
    return (f"this may be a rename of `{owner}.{removed}` to `{owner}.{added}` (same type, "
            "same position); a rename changes the wire name all the same")


def compare(old: IR, new: IR) -> list[Finding]:
    from mizan_spec.breaking.forms import compare_forms

    """Every graded change from `old` to `new`, sorted by rule and subject."""
    c = Comparer(old, new)
    c.types()
    c.functions()
    c.contexts()
    compare_channels(c)
    compare_forms(c)
    return sorted(c.out, key=lambda f: (-r.GRADE_ORDER[f.rule.grade], f.rule.id, f.subject))

