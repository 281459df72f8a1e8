"""IR declarations as spec-language nodes (the inverse of `ir.lower`).

Each function writes what an author would: defaults only where the language does not
imply them (a `T?` defaults to null by itself), the auth level in the spec's spelling,
properties only when they differ from the language's defaults. Property order and
layout are left to `fmt`, which `layout` runs on every file.
"""

from __future__ import annotations

from mizan_spec.check.forms import DEFAULT_SUBMIT_LABEL, pretty_name
from mizan_spec.ir.durations import format_duration
from mizan_spec.ir.model import (
    AUTH_AUTHENTICATED,
    AUTH_PUBLIC,
    Channel,
    Constraints,
    Context,
    Enum,
    Field,
    Form,
    FormField,
    Function,
    Predicate,
    Struct,
)
from mizan_spec.ir.types import Optional, format_type
from mizan_spec.kdl.writer import KdlNode, Quoted, Scalar


def _doc(doc: str | None) -> list[KdlNode]:
    return [KdlNode("doc", [Quoted(doc)])] if doc is not None else []


def _implied_null(f: Field) -> bool:
    """A default the language supplies itself: null for `T?`. (`json` is written `json` in
    the IR whether the spec said `json` or `json?`, so its null default stays explicit.)"""
    return f.has_default and f.default is None and isinstance(f.type, Optional)


def _constraints(c: Constraints) -> list[tuple[str, Scalar]]:
    found: list[tuple[str, Scalar]] = [
        ("min", c.min), ("max", c.max), ("min-length", c.min_length),
        ("max-length", c.max_length), ("pattern", c.pattern)]
    return [(k, v) for k, v in found if v is not None]


def field_node(kind: str, f: Field) -> KdlNode:
    """A `field` or `param` node."""
    props = _constraints(f.constraints)
    if f.has_default and not _implied_null(f):
        props.append(("default", f.default))
    return KdlNode(kind, [f.name, format_type(f.type)], props, _doc(f.doc))


def struct_node(s: Struct) -> KdlNode:
    return KdlNode("type", [s.name], [], _doc(s.doc) + [field_node("field", f) for f in s.fields])


def enum_node(e: Enum) -> KdlNode:
    # A member called `doc` is written bare (no argument), so it is never read as a doc.
    members = [KdlNode(m.name, [], [], _doc(m.doc) + (
        [KdlNode("label", [Quoted(m.label)])] if m.label is not None else [])) for m in e.members]
    return KdlNode("enum", [e.name], [], _doc(e.doc) + members)


def predicate_node(p: Predicate) -> KdlNode:
    return KdlNode("predicate", [p.name], [], _doc(p.doc))


def context_node(c: Context) -> KdlNode:
    return KdlNode("context", [c.name], [], _doc(c.doc))


def form_node(form: Form) -> KdlNode:
    """A `form`, with what the language would not give it by itself."""
    props: list[tuple[str, Scalar]] = []
    if form.title != pretty_name(form.name):
        props.append(("title", Quoted(form.title)))
    if form.submit_label != DEFAULT_SUBMIT_LABEL:
        props.append(("submit-label", Quoted(form.submit_label)))
    if form.returns is not None:
        props.append(("returns", format_type(form.returns)))
    auth = _auth(form.auth)
    if auth is not None:
        props.append(("auth", auth))
    return KdlNode("form", [form.name], props,
                   _doc(form.doc) + [_form_field(f) for f in form.fields])


def _form_field(f: FormField) -> KdlNode:
    props: list[tuple[str, Scalar]] = [("enum", f.enum)] if f.enum is not None else []
    if f.label != pretty_name(f.name):
        props.append(("label", Quoted(f.label)))
    props += _constraints(f.constraints)
    if not f.required:
        props.append(("required", False))
    children = _doc(f.doc)
    initial = f.initial
    if f.has_initial and isinstance(initial, tuple):
        children.append(KdlNode("initial", list(initial)))
    elif f.has_initial and not isinstance(initial, tuple):
        props.append(("initial", initial))
    props += [(k, Quoted(v)) for k, v in (("placeholder", f.placeholder), ("help", f.help))
              if v is not None]
    return KdlNode("field", [f.name, f.kind], props, children)


def _auth(level: str) -> Scalar:
    if level == AUTH_PUBLIC:
        return None
    if level == AUTH_AUTHENTICATED:
        return True
    return level


def function_node(f: Function) -> KdlNode:
    props: list[tuple[str, Scalar]] = []
    if f.returns is not None:
        props.append(("returns", format_type(f.returns)))
    if f.context is not None:
        props.append(("context", f.context))
    auth = _auth(f.auth)
    if auth is not None:
        props.append(("auth", auth))
    if f.route is not None:
        props.append(("route", f.route))
    if f.websocket:
        props.append(("websocket", True))
    if f.rev != 1:
        props.append(("rev", f.rev))
    if f.cache is not None:
        props.append(("cache", format_duration(f.cache)))
    children = _doc(f.doc)
    targets = [*f.affects_contexts, *f.affects_functions]
    if targets:
        children.append(KdlNode("affects", list(targets)))
    children.extend(field_node("param", p) for p in f.params)
    return KdlNode("function", [f.name], props, children)


def channel_node(c: Channel) -> KdlNode:
    props: list[tuple[str, Scalar]] = [("message", format_type(c.message))]
    if c.send is not None:
        props.append(("send", format_type(c.send)))
    auth = _auth(c.auth)
    if auth is not None:
        props.append(("auth", auth))
    children = _doc(c.doc)
    children.extend(field_node("param", p) for p in c.params)
    return KdlNode("channel", [c.name], props, children)
