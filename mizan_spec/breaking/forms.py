"""Breaking changes to forms: what a deployed form UI (or a client calling a form's
`submit` and `validate`) would notice.

A form's data travels like arguments: fields may widen (become optional, lose a
constraint, offer more choices) but not narrow. So removing a form or a field, adding a
required field, making a field required, changing a field's kind, removing a choice
(a member of the enum a field picks from, or a new enum lacking it) and tightening a
constraint are errors; what `submit` returns may narrow but not widen, as for functions;
`auth` is graded as for functions. Labels, help texts, placeholders, initial values,
titles and docs change what people read, not what clients send: never a finding.
"""

from __future__ import annotations

from mizan_spec.breaking import rules as r
from mizan_spec.breaking.compare import Comparer, tightened
from mizan_spec.breaking.rules import Anchor
from mizan_spec.ir.model import IR, Form, FormField
from mizan_spec.ir.types import format_type


def compare_forms(c: Comparer) -> None:
    new_forms = {f.name: f for f in c.new.forms}
    for old in c.old.forms:
        new = new_forms.get(old.name)
        if new is None:
            c.add(r.FORM_REMOVED, old.name, f"form `{old.name}` was removed")
            continue
        _fields(c, old, new)
        _returns(c, old, new)
        c.auth(old, new)


def _returns(c: Comparer, old: Form, new: Form) -> None:
    if old.returns == new.returns or (old.returns is not None and new.returns is not None
                                      and c.accepts(old.returns, new.returns)):
        return
    shown = [format_type(t) if t else "null" for t in (old.returns, new.returns)]
    c.add(r.FORM_RETURNS, new.name, f"submitting form `{new.name}` returned `{shown[0]}`, "
          f"now `{shown[1]}`", Anchor(new.name, part="returns"))


def _fields(c: Comparer, old: Form, new: Form) -> None:
    before = {f.name: f for f in old.fields}
    after = {f.name for f in new.fields}
    for gone in old.fields:
        if gone.name not in after:
            c.add(r.FORM_FIELD_REMOVED, f"{new.name}.{gone.name}",
                  f"field `{gone.name}` of form `{new.name}` was removed", Anchor(new.name))
    for g in new.fields:
        subject = f"{new.name}.{g.name}"
        f = before.get(g.name)
        if f is None:
            if g.required:
                c.add(r.FORM_FIELD_ADDED, subject, f"required field `{g.name}` was added to "
                      f"form `{new.name}`", Anchor(new.name, g.name))
            continue
        _field(c, subject, Anchor(new.name, g.name), f, g)


def _field(c: Comparer, subject: str, at: Anchor, f: FormField, g: FormField) -> None:
    if f.kind != g.kind:
        c.add(r.FORM_FIELD_KIND, subject, f"field `{subject}` changed kind from `{f.kind}` "
              f"to `{g.kind}`", Anchor(at.decl, at.member, "type"))
        return
    if g.required and not f.required:
        c.add(r.FORM_FIELD_REQUIRED, subject, f"field `{subject}` is now required",
              Anchor(at.decl, at.member, "required"))
    for member in sorted(_choices(c.old, f) - _choices(c.new, g)):
        c.add(r.FORM_CHOICE_REMOVED, f"{subject}.{member}",
              f"field `{subject}` no longer offers `{member}`", Anchor(at.decl, at.member, "enum"))
    problems = _tightened(f, g)
    if problems:
        c.add(r.FORM_CONSTRAINT, subject, f"field `{subject}` now rejects values it accepted: "
              f"{', '.join(text for _, text in problems)}", Anchor(at.decl, at.member,
                                                              problems[0][0]))


def _choices(ir: IR, f: FormField) -> set[str]:
    """The members a `choice`/`choices` field offers in `ir` (none for other kinds)."""
    enum = ir.enum(f.enum) if f.enum is not None else None
    return {m.name for m in enum.members} if enum is not None else set()


def _tightened(f: FormField, g: FormField) -> list[tuple[str, str]]:
    """As for parameters; date bounds are ISO dates, which compare as text."""
    if f.kind != "date":
        return tightened(f.constraints, g.constraints)
    problems = []
    for key, later_is_tighter in (("min", True), ("max", False)):
        x, y = getattr(f.constraints, key), getattr(g.constraints, key)
        if y is not None and x != y and (x is None or (str(y) > str(x)) == later_is_tighter):
            problems.append((key, f"{key} {x!r} -> {y!r}"))
    return problems
