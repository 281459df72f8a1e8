"""Forms in the editor index: hover text, field symbols, and the names a form refers to.

Hovering a form shows its title, the three functions it is served as and its fields;
hovering a field shows its kind and properties. `enum=`, `returns=` and `auth=` jump to
the enum, type or predicate they name, as the same properties of functions do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mizan_spec.check.declarations import FormDecl, FormFieldDecl
from mizan_spec.check.forms import generated_names

if TYPE_CHECKING:
    from mizan_spec.lsp.index import IndexBuilder

Json = dict[str, Any]


def _field_text(f: FormFieldDecl) -> str:
    extras = [f"enum={f.enum}"] if f.enum else []
    extras += [f"{k}={v!r}" for k, v in f.constraints.items()]
    if not f.required:
        extras.append("optional")
    if f.has_initial:
        extras.append(f"initial={f.initial!r}")
    label = f" {f.label!r}" if f.label else ""
    return " ".join([f"{f.name}: {f.kind}{label}", *extras])


def form_lines(form: FormDecl) -> list[str]:
    """The hover of a form: its title and submit label, its functions, its fields."""
    auth = {True: "signed in", False: "public"}.get(form.auth, form.auth) \
        if isinstance(form.auth, bool) else form.auth
    returns = form.returns.text if form.returns is not None else "null"
    served = ", ".join(generated_names(form.name).values())
    lines = [f"form {form.name} {form.title!r} (submit: {form.submit_label!r}) -> {returns}",
             f"    auth: {auth}; served as {served}"]
    lines += [f"    {_field_text(f)}" for f in form.fields]
    return lines


def form_refs(builder: IndexBuilder, form: FormDecl) -> list[Json]:
    """Entries for the form's fields and the names it refers to; the fields' symbols."""
    from mizan_spec.lsp.index import _markdown, _symbol

    node = form.node
    if form.returns is not None:
        builder.type_refs(form.returns)
    if isinstance(form.auth, str) and "auth" in node.props:
        builder.ref(node, builder.span_range(node.prop_span("auth")), "predicate", form.auth)
    children = []
    for f in form.fields:
        rng = builder.span_range(f.node.arg_span(0))
        builder.entry(f.node, rng, _markdown([f"field {_field_text(f)}"], f.doc), None)
        if f.enum is not None and "enum" in f.node.props:
            builder.ref(f.node, builder.span_range(f.node.prop_span("enum")), "type", f.enum)
        children.append(_symbol(f.name, "field", f.kind, builder.node_range(f.node), rng, []))
    return children
