"""Forms in the IR: lowering a checked `form`, its canonical text, and reading it back.

    form contact auth=public returns=Receipt submit-label=Send title="Contact us" {
        doc "Write to the team."
        field name text label="Your name" max-length=80 required=#true
        field tags choices enum=Tag label=Tags required=#false {
            initial news offers
        }
    }

A form states every property, always (`returns=#null` when submit returns nothing). Each
field states its name, kind, `label` and `required`, always, and the rest only when set,
all sorted by name: `enum`, `help`, `initial`, `max`, `max-length`, `min`, `min-length`,
`pattern`, `placeholder`. Children: the field's `doc`, then for a `choices` field its
initial members as `initial a b`. Values are normalised as for fields (decimals as
strings without trailing zeros, dates ISO). spec/ir.md §3.6 is the normative text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mizan_spec.ir.model import (
    AUTH_AUTHENTICATED,
    AUTH_PUBLIC,
    Constraints,
    Form,
    FormField,
    FormInitial,
    Scalar,
)
from mizan_spec.ir.types import Named, TypeExpr, format_type

if TYPE_CHECKING:
    from mizan_spec.check.declarations import FormDecl, FormFieldDecl
    from mizan_spec.ir.emit import _Lines


def form_roots(form: Form) -> list[TypeExpr]:
    """The types a form names directly: what submit returns, the enums fields pick from."""
    roots: list[TypeExpr] = [Named(f.enum) for f in form.fields if f.enum is not None]
    if form.returns is not None:
        roots.append(form.returns)
    return roots


# -- lowering ------------------------------------------------------------------------------


def _bound(v: Scalar) -> int | float | str | None:
    assert not isinstance(v, bool)
    return v


def _length(v: Scalar) -> int | None:
    assert v is None or (isinstance(v, int) and not isinstance(v, bool))
    return v


def _lower_field(f: FormFieldDecl) -> FormField:
    c = f.constraints
    constraints = Constraints(
        min=_bound(c.get("min")), max=_bound(c.get("max")),
        min_length=_length(c.get("min-length")), max_length=_length(c.get("max-length")),
        pattern=str(c["pattern"]) if "pattern" in c else None,
    )
    assert f.label is not None  # check.forms fills in the default
    return FormField(f.name, f.kind, f.label, f.doc, f.required, f.help, f.placeholder,
                     f.has_initial, f.initial if f.has_initial else None, f.enum, constraints)


def lower_form(decl: FormDecl) -> Form:
    """A checked form declaration (defaults filled in by `check.forms`) as IR."""
    auth = decl.auth
    level = (AUTH_AUTHENTICATED if auth else AUTH_PUBLIC) if isinstance(auth, bool) else auth
    assert decl.title is not None and decl.submit_label is not None
    return Form(decl.name, tuple(_lower_field(f) for f in decl.fields), decl.title,
                decl.submit_label, decl.doc, level,
                decl.returns.parsed if decl.returns is not None else None)


# -- text ------------------------------------------------------------------------------------


def _field_props(f: FormField) -> list[tuple[str, Scalar]]:
    c = f.constraints
    props: list[tuple[str, Scalar]] = [("label", f.label), ("required", f.required)]
    optional: list[tuple[str, Scalar | tuple[str, ...]]] = [
        ("enum", f.enum), ("help", f.help), ("placeholder", f.placeholder),
        ("max", c.max), ("max-length", c.max_length), ("min", c.min),
        ("min-length", c.min_length), ("pattern", c.pattern)]
    props.extend((k, v) for k, v in optional if v is not None and not isinstance(v, tuple))
    if f.has_initial and not isinstance(f.initial, tuple):
        props.append(("initial", f.initial))
    return sorted(props, key=lambda kv: kv[0])


def emit_form(lines: _Lines, form: Form) -> None:
    from mizan_spec.ir.emit import _head

    props: list[tuple[str, Scalar]] = [
        ("auth", form.auth),
        ("returns", format_type(form.returns) if form.returns is not None else None),
        ("submit-label", form.submit_label),
        ("title", form.title),
    ]
    head = _head("form", (form.name,), props)
    if form.doc is None and not form.fields:
        lines.leaf(0, head)
        return
    lines.open(0, head)
    lines.doc(1, form.doc)
    for f in form.fields:
        field_head = _head("field", (f.name, f.kind), _field_props(f))
        initial = f.initial if f.has_initial and isinstance(f.initial, tuple) else None
        if f.doc is None and initial is None:
            lines.leaf(1, field_head)
            continue
        lines.open(1, field_head)
        lines.doc(2, f.doc)
        if initial is not None:
            lines.leaf(2, _head("initial", initial))
        lines.close(1)
    lines.close(0)


# -- reading -------------------------------------------------------------------------------


_FORM_PROPS = {"auth", "returns", "submit-label", "title"}
_FIELD_ALWAYS = {"label", "required"}
_FIELD_OPTIONAL = {"enum", "help", "initial", "max", "max-length", "min", "min-length",
                   "pattern", "placeholder"}


def _load_field(node: Any) -> FormField:
    from mizan_spec.ir import load
    from mizan_spec.ir.model import FORM_FIELD_KINDS

    if (len(node.args) != 2 or not all(isinstance(a, str) for a in node.args)
            or node.args[1] not in FORM_FIELD_KINDS):
        raise load._fail(node, "expected a name and a form field kind")
    props = load._props(node)
    if not _FIELD_ALWAYS <= set(props) <= _FIELD_ALWAYS | _FIELD_OPTIONAL:
        raise load._fail(node, f"expected the properties {sorted(_FIELD_ALWAYS)} and "
                         f"optionally {sorted(_FIELD_OPTIONAL)}")
    picks = node.args[1] in ("choice", "choices")
    if picks != isinstance(props.get("enum"), str) or (
            node.args[1] == "choices" and "initial" in props):
        raise load._fail(node, "a `choice`/`choices` field names its enum, no other field "
                         "does, and `choices` has its initial members as a child")
    doc, rest = load._doc(node.children)
    initial: FormInitial = props.get("initial")
    has_initial = "initial" in props
    for child in rest:
        if child.name != "initial" or has_initial or node.args[1] != "choices":
            raise load._fail(child, "unexpected inside a form field")
        initial, has_initial = load._strings(child), True
    label, required = props["label"], props["required"]
    if not isinstance(label, str) or not isinstance(required, bool):
        raise load._fail(node, "label must be a string and required a boolean")
    constraints = Constraints(
        min=load._number(node, props.get("min")), max=load._number(node, props.get("max")),
        min_length=load._int(node, props.get("min-length")),
        max_length=load._int(node, props.get("max-length")),
        pattern=load._str(node, props.get("pattern")),
    )
    return FormField(node.args[0], node.args[1], label, doc, required,
                     load._str(node, props.get("help")),
                     load._str(node, props.get("placeholder")), has_initial, initial,
                     load._str(node, props.get("enum")), constraints)


def load_form(node: Any) -> Form:
    from mizan_spec.ir import load

    props = load._props(node)
    if set(props) != _FORM_PROPS:
        raise load._fail(node, f"expected exactly the properties {sorted(_FORM_PROPS)}")
    auth, title, submit = props["auth"], props["title"], props["submit-label"]
    if not all(isinstance(v, str) for v in (auth, title, submit)):
        raise load._fail(node, "auth, title and submit-label must be strings")
    doc, rest = load._doc(node.children)
    fields = tuple(_load_field(f) for f in load._members(node, rest, "field"))
    returns = props["returns"]
    return Form(load._name(node), fields, str(title), str(submit), doc, str(auth),
                None if returns is None else load._type(node, returns))
