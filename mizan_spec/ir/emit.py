"""The canonical IR writer: an IR value to its one true text (and that text's hash).

Layout (documented in spec/ir.md): `mizan-ir 1`, then enums, types, predicates,
contexts, channels, forms (`ir/forms.py`) and functions, each group sorted by name. Every
function states every property, defaults included, but `cache`, which is written only
when set (so the IR of an app without a server cache keeps its bytes). Same IR, same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from mizan_spec.ir.forms import emit_form
from mizan_spec.ir.model import IR, Channel, Constraints, Context, Enum, Field, Function, Struct
from mizan_spec.ir.types import format_type
from mizan_spec.kdl.writer import Scalar, format_string, format_value

_INDENT = "    "


def _head(name: str, args: Iterable[Scalar] = (),
          props: Iterable[tuple[str, Scalar]] = ()) -> str:
    parts = [format_string(name)]
    parts += [format_value(a) for a in args]
    parts += [f"{format_string(k)}={format_value(v)}" for k, v in props]
    return " ".join(parts)


class _Lines:
    """The text, line by line. Lines are written straight from the IR: a tree of nodes
    to write would be garbage the collector walks (with the whole compilation) while a
    large IR is written."""

    def __init__(self) -> None:
        self.out: list[str] = []

    def leaf(self, depth: int, head: str) -> None:
        self.out.append(_INDENT * depth + head)

    def open(self, depth: int, head: str) -> None:
        self.out.append(_INDENT * depth + head + " {")

    def close(self, depth: int) -> None:
        self.out.append(_INDENT * depth + "}")

    def doc(self, depth: int, doc: str | None) -> None:
        if doc is not None:
            self.out.append(_INDENT * depth + "doc " + format_string(doc, bare=False))

    def documented(self, depth: int, head: str, doc: str | None) -> None:
        """A node whose only child is its doc, if any."""
        if doc is None:
            self.leaf(depth, head)
        else:
            self.open(depth, head)
            self.doc(depth + 1, doc)
            self.close(depth)


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


def _field(lines: _Lines, depth: int, kind: str, f: Field) -> None:
    props: list[tuple[str, Scalar]] = []
    if f.has_default:
        props.append(("default", f.default))
    props.extend(_constraint_props(f.constraints))
    props.sort(key=lambda kv: kv[0])
    lines.documented(depth, _head(kind, (f.name, format_type(f.type)), props), f.doc)


def _shared_by(lines: _Lines, names: tuple[str, ...]) -> None:
    if names:
        lines.leaf(1, _head("shared-by", names))


def _enum(lines: _Lines, e: Enum) -> None:
    head = _head("enum", (e.name,))
    if e.doc is None and not e.members and not e.shared_by:
        lines.leaf(0, head)
        return
    lines.open(0, head)
    lines.doc(1, e.doc)
    for m in e.members:
        label = (("label", m.label),) if m.label is not None else ()
        lines.documented(1, _head("member", (m.name,), label), m.doc)
    _shared_by(lines, e.shared_by)
    lines.close(0)


def _struct(lines: _Lines, s: Struct) -> None:
    head = _head("type", (s.name,))
    if s.doc is None and not s.fields and not s.shared_by:
        lines.leaf(0, head)
        return
    lines.open(0, head)
    lines.doc(1, s.doc)
    for f in s.fields:
        _field(lines, 1, "field", f)
    _shared_by(lines, s.shared_by)
    lines.close(0)


def _context(lines: _Lines, c: Context) -> None:
    head = _head("context", (c.name,))
    if c.doc is None and not c.members:
        lines.leaf(0, head)
        return
    lines.open(0, head)
    lines.doc(1, c.doc)
    for m in sorted(c.members):
        lines.leaf(1, _head("member", (m,)))
    lines.close(0)


def _function(lines: _Lines, f: Function) -> None:
    props: list[tuple[str, Scalar]] = [
        ("auth", f.auth),
        *((("cache", f.cache),) if f.cache is not None else ()),
        ("context", f.context),
        ("returns", format_type(f.returns) if f.returns is not None else None),
        ("rev", f.rev),
        ("route", f.route),
        ("websocket", f.websocket),
    ]
    head = _head("function", (f.name,), props)
    if f.doc is None and not f.params and not f.affects_contexts and not f.affects_functions:
        lines.leaf(0, head)
        return
    lines.open(0, head)
    lines.doc(1, f.doc)
    for p in f.params:
        _field(lines, 1, "param", p)
    if f.affects_contexts:
        lines.leaf(1, _head("affects-context", f.affects_contexts))
    if f.affects_functions:
        lines.leaf(1, _head("affects-function", f.affects_functions))
    lines.close(0)


def _channel(lines: _Lines, c: Channel) -> None:
    props: list[tuple[str, Scalar]] = [
        ("auth", c.auth),
        ("message", format_type(c.message)),
        ("send", format_type(c.send) if c.send is not None else None),
    ]
    head = _head("channel", (c.name,), props)
    if c.doc is None and not c.params:
        lines.leaf(0, head)
        return
    lines.open(0, head)
    lines.doc(1, c.doc)
    for p in c.params:
        _field(lines, 1, "param", p)
    lines.close(0)


def emit_ir(ir: IR) -> str:
    """The canonical text of an IR."""
    lines = _Lines()
    lines.leaf(0, _head("mizan-ir", (ir.version,)))
    for e in sorted(ir.enums, key=lambda e: e.name):
        _enum(lines, e)
    for s in sorted(ir.structs, key=lambda s: s.name):
        _struct(lines, s)
    for p in sorted(ir.predicates, key=lambda p: p.name):
        lines.documented(0, _head("predicate", (p.name,)), p.doc)
    for c in sorted(ir.contexts, key=lambda c: c.name):
        _context(lines, c)
    for ch in sorted(ir.channels, key=lambda c: c.name):
        _channel(lines, ch)
    for form in sorted(ir.forms, key=lambda f: f.name):
        emit_form(lines, form)
    for f in sorted(ir.functions, key=lambda f: f.name):
        _function(lines, f)
    return "\n".join(lines.out) + "\n"


def ir_hash(text: str) -> str:
    """SHA-256 of the IR text's UTF-8 bytes, as lowercase hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
