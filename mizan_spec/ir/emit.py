"""The canonical IR writer: an IR value to its one true text (and that text's hash).

Layout (documented in spec/ir.md): `mizan-ir 1`, then enums, types, predicates,
contexts and functions, each group sorted by name. Every function states every
property, defaults included, but `cache`, which is written only when set (so the IR of an
app without a server cache keeps its bytes). Same IR, same bytes.
"""

from __future__ import annotations

import hashlib

from mizan_spec.ir.model import IR, Constraints, Enum, Field, Function, Struct
from mizan_spec.ir.types import format_type
from mizan_spec.kdl.writer import KdlNode, Quoted, Scalar, write_nodes


def _doc(doc: str | None) -> list[KdlNode]:
    return [KdlNode("doc", [Quoted(doc)])] if doc is not None else []


def _constraint_props(c: Constraints) -> list[tuple[str, Scalar]]:
    props: list[tuple[str, Scalar]] = []
    if c.max is not None:
        props.append(("max", c.max))
    if c.max_length is not None:
        props.append(("max-length", c.max_length))
    if c.min is not None:
        props.append(("min", c.min))
    if c.min_length is not None:
        props.append(("min-length", c.min_length))
    if c.pattern is not None:
        props.append(("pattern", c.pattern))
    return props


def _field(kind: str, f: Field) -> KdlNode:
    props: list[tuple[str, Scalar]] = []
    if f.has_default:
        props.append(("default", f.default))
    props.extend(_constraint_props(f.constraints))
    props.sort(key=lambda kv: kv[0])
    return KdlNode(kind, [f.name, format_type(f.type)], props, _doc(f.doc))


def _shared_by(names: tuple[str, ...]) -> list[KdlNode]:
    return [KdlNode("shared-by", list(names))] if names else []


def _enum(e: Enum) -> KdlNode:
    members = [KdlNode("member", [m.name], [], _doc(m.doc)) for m in e.members]
    return KdlNode("enum", [e.name], [], _doc(e.doc) + members + _shared_by(e.shared_by))


def _struct(s: Struct) -> KdlNode:
    fields = [_field("field", f) for f in s.fields]
    return KdlNode("type", [s.name], [], _doc(s.doc) + fields + _shared_by(s.shared_by))


def _function(f: Function) -> KdlNode:
    props: list[tuple[str, Scalar]] = [
        ("auth", f.auth),
        *((("cache", f.cache),) if f.cache is not None else ()),
        ("context", f.context),
        ("returns", format_type(f.returns) if f.returns is not None else None),
        ("rev", f.rev),
        ("route", f.route),
        ("websocket", f.websocket),
    ]
    children = _doc(f.doc) + [_field("param", p) for p in f.params]
    if f.affects_contexts:
        children.append(KdlNode("affects-context", list(f.affects_contexts)))
    if f.affects_functions:
        children.append(KdlNode("affects-function", list(f.affects_functions)))
    return KdlNode("function", [f.name], props, children)


def emit_ir(ir: IR) -> str:
    """The canonical text of an IR."""
    nodes = [KdlNode("mizan-ir", [ir.version])]
    nodes.extend(_enum(e) for e in sorted(ir.enums, key=lambda e: e.name))
    nodes.extend(_struct(s) for s in sorted(ir.structs, key=lambda s: s.name))
    nodes.extend(KdlNode("predicate", [p.name], [], _doc(p.doc))
                 for p in sorted(ir.predicates, key=lambda p: p.name))
    nodes.extend(KdlNode("context", [c.name], [], _doc(c.doc) + [
        KdlNode("member", [m]) for m in sorted(c.members)])
        for c in sorted(ir.contexts, key=lambda c: c.name))
    nodes.extend(_function(f) for f in sorted(ir.functions, key=lambda f: f.name))
    return write_nodes(nodes)


def ir_hash(text: str) -> str:
    """SHA-256 of the IR text's UTF-8 bytes, as lowercase hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
