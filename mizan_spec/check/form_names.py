"""The Python names a form is generated as, and the spec names they may not meet (E606).

A form `contact` becomes, in a `gen python` package, the classes `ContactData` (its
cleaned values, in interface.py) and `ContactForm` (its Django form, forms.py), which
share the modules' scope with the spec's types and enums, and the implementation's
`on_submit_contact` method and `contact_form` attribute, which share `Implementation`
with the spec's functions, predicates and channel methods. Any of these names meeting
any of those would shadow one with the other (a method hides a class of its module
inside the class body that defines it, where signatures read it), so each is refused
here, on both backends alike (a spec is portable). The three wire functions' names
(`contact_submit`...) are E605's.
"""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.check.declarations import Declarations, FormDecl
from mizan_spec.check.generated_names import channel_methods
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Related
from mizan_spec.parse.document import Node


def class_stem(form: str) -> str:
    """The form's name as the start of its classes: `sign_up` -> `SignUp`."""
    return "".join(part.capitalize() for part in form.split("_"))


def form_classes(form: str) -> dict[str, str]:
    """Class name -> what it is, for the module-level classes of `form`."""
    stem = class_stem(form)
    return {f"{stem}Data": "the TypedDict of its cleaned values",
            f"{stem}Form": "its Django form class"}


def form_members(form: str) -> dict[str, str]:
    """`Implementation` member -> what it is, for `form`."""
    return {f"on_submit_{form}": "the method its submit runs",
            f"{form}_form": "the Django form class the implementation names"}


@dataclass(frozen=True)
class _Owner:
    """What holds a name, as a message words it, and the node to report at."""

    what: str  # "type `Contact`"
    node: Node


def _owners(decls: Declarations) -> tuple[dict[str, _Owner], dict[str, _Owner]]:
    """(module-level spec names, `Implementation` member names), each with its owner."""
    classes = {t.name: _Owner(f"type `{t.name}`", t.node) for t in decls.types}
    classes.update({e.name: _Owner(f"enum `{e.name}`", e.node) for e in decls.enums})
    members = {p.name: _Owner(f"predicate `{p.name}`", p.node) for p in decls.predicates}
    members.update({f.name: _Owner(f"function `{f.name}`", f.node) for f in decls.functions})
    for ch in decls.channels:
        owner = _Owner(f"channel `{ch.name}`", ch.node)
        members.update(dict.fromkeys(channel_methods(ch.name, ch.send is not None), owner))
    return classes, members


def _clash(form: FormDecl, name: str, role: str, other: _Owner) -> Diagnostic:
    return Diagnostic(
        codes.FORM_GENERATED_NAME, form.node.arg_span(0),
        f"form `{form.name}` is generated as `{name}` ({role}), which meets {other.what}",
        "rename one of the forms" if other.what.startswith("form ")
        else f"rename the form or the {other.what.split(' ')[0]}",
        (Related(other.node.arg_span(0), f"{other.what} here"),))


def check_form_names(decls: Declarations, out: list[Diagnostic]) -> None:
    classes, members = _owners(decls)
    taken = {**members, **classes}  # a method also hides a module's class in its class body
    for form in decls.forms:
        if not form.name:
            continue
        generated = {**form_classes(form.name), **form_members(form.name)}
        for name, role in generated.items():
            if name in taken:
                out.append(_clash(form, name, role, taken[name]))
        for name in generated:  # `a_b` and `a__b` are both `AB...`; `on_send_x`...
            taken.setdefault(name, _Owner(f"form `{form.name}`", form.node))
