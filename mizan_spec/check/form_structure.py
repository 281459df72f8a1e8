"""The structure pass for `form` declarations: the node tree to a `FormDecl`.

    form contact title="Contact us" submit-label="Send" returns=Receipt auth=#false {
        doc "..."
        field name text label="Your name" max-length=80
        field tags choices enum=Tag required=#false {
            initial news offers
        }
    }

Only shape is checked here (known properties and children, argument counts, value
kinds); what the kinds, enums, constraints and initial values mean is `check.forms`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mizan_spec.check.declarations import FormDecl, FormFieldDecl, TypeRef
from mizan_spec.check.grammar import (
    FORM_CHILDREN,
    FORM_FIELD_CHILDREN,
    FORM_FIELD_PROPS,
    FORM_PROPS,
)
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Related
from mizan_spec.parse.document import Node

if TYPE_CHECKING:
    from mizan_spec.check.structure import StructurePass

_USAGE = 'form name title="Title" { field name text label="Label" }'
_TEXT_PROPS = {"label": "label", "help": "help", "placeholder": "placeholder"}


def form_decl(sp: StructurePass, node: Node) -> None:
    name = sp.named(node, "form", _USAGE)
    sp.props(node, FORM_PROPS)
    doc, kids = sp.children(node, FORM_CHILDREN, f"form `{name}`")
    decl = FormDecl(node, name or "", doc=doc)
    props = node.props
    if "title" in props and sp.prop_kind(node, "title", str, "a string", "quote it"):
        decl.title = str(props["title"])
    if "submit-label" in props and sp.prop_kind(node, "submit-label", str, "a string",
                                                "quote it"):
        decl.submit_label = str(props["submit-label"])
    if "auth" in props and sp.prop_kind(
            node, "auth", (bool, str), "#true, #false, `staff`, `superuser` or a predicate"):
        auth = props["auth"]
        assert isinstance(auth, bool | str)
        decl.auth = auth
    if "returns" in props and sp.prop_kind(node, "returns", str, "a type",
                                           'quote it: `returns="list[Receipt]"`'):
        decl.returns = TypeRef(str(props["returns"]), node, "returns")
    for kid in kids:
        field = _field(sp, kid)
        if field is not None:
            decl.fields.append(field)
    if name is not None:
        sp.decls.forms.append(decl)


def _field(sp: StructurePass, node: Node) -> FormFieldDecl | None:
    sp.props(node, FORM_FIELD_PROPS)
    doc, kids = sp.children(node, FORM_FIELD_CHILDREN, "a form field")
    if not sp.args(node, 2, 2, "field name kind"):
        return None
    name = sp.string_arg(node, 0, "a field name")
    kind = sp.string_arg(node, 1, "a field kind")
    if name is None or kind is None:
        return None
    decl = FormFieldDecl(node, name, kind, doc)
    props = node.props
    for key, attr in _TEXT_PROPS.items():
        if key in props and sp.prop_kind(node, key, str, "a string", "quote it"):
            setattr(decl, attr, str(props[key]))
    if "enum" in props and sp.prop_kind(node, "enum", str, "an enum name"):
        decl.enum = str(props["enum"])
    if "required" in props and sp.prop_kind(node, "required", bool, "#true or #false"):
        decl.required = bool(props["required"])
    if "initial" in props:
        decl.has_initial, decl.initial = True, props["initial"]
    for key, value in props.items():
        if key in ("min", "max", "min-length", "max-length", "pattern"):
            decl.constraints[key] = value
    first: Node | None = None
    for kid in kids:  # `initial a b`: the members a `choices` field starts with
        sp.props(kid, ())
        sp.no_children(kid)
        if first is not None or "initial" in props:
            again = first.span() if first is not None else node.key_span("initial")
            sp.report(codes.DUPLICATE_NODE, kid.span(), f"field `{name}` has its initial value "
                      "twice", "keep one of them", (Related(again, "first given here"),))
            continue
        first = kid
        if not kid.args:
            sp.report(codes.ARGUMENTS, kid.span(), "`initial` needs the members it starts with",
                      "write it as `initial a b`, or leave it out for none")
            continue
        members = [sp.string_arg(kid, i, "a member name") for i in range(len(kid.args))]
        if all(m is not None for m in members):
            decl.has_initial = True
            decl.initial = tuple(m for m in members if m is not None)
            decl.initial_node = kid
    return decl
