"""The parsed document: ckdl's values, with positions supplied on demand.

A clean spec never needs a position, so nodes are built from ckdl alone and the span
scanner runs only when something asks where a node, argument or property is. Then the
file is scanned once and every node learns its spans. A file parsed again after an
edit may be given a `base`, an earlier text of it with that text's scan, so that only
the nodes around the change are scanned again (`spans.rescan`).
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias

import ckdl

from mizan_spec.diagnostics.model import Span
from mizan_spec.parse.source import SourceText
from mizan_spec.parse.spans import EntrySpan, NodeSpan, ScanError, rescan, scan

Scalar: TypeAlias = int | float | str | bool | None
"""A KDL value as ckdl decodes it."""

SpanBase: TypeAlias = tuple[str, list[NodeSpan]]
"""A text and the top-level spans of its complete scan."""

MAX_KEPT_DEPTH = 6
"""Nodes deeper than this are cut from the tree; the spec language never nests past 3."""

# Strings, comments and `=` signs: counting `=` outside strings and comments tells
# whether ckdl merged a repeated property (it keeps one and says nothing).
_PROPERTY_SIGNS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\]|\\.)*"|(?P<h>#+)(?:""".*?"""|".*?")(?P=h)'
    r'|//[^\n]*|/\*.*?\*/|(?P<sign>=)',
    re.DOTALL,
)


class Node:
    """One KDL node: name, arguments, properties (as ckdl merged them) and children."""

    __slots__ = ("annotated", "annotation", "args", "children", "dropped_depth", "file", "name",
                 "props", "spans")

    def __init__(self, file: ParsedFile, name: str, annotation: str | None, args: list[Scalar],
                 props: dict[str, Scalar], annotated: bool) -> None:
        self.file = file
        self.name = name
        self.annotation = annotation
        self.args = args
        self.props = props
        self.annotated = annotated  # some argument or property value has a type annotation
        self.children: list[Node] = []
        self.dropped_depth = False  # children below MAX_KEPT_DEPTH were cut
        self.spans: NodeSpan | None = None

    def _located(self) -> NodeSpan | None:
        self.file.locate()
        return self.spans

    def span(self) -> Span:
        """The node's name: where diagnostics about the whole node point."""
        s = self._located()
        if s is None:
            return self.file.source.span(0)
        return self.file.source.span(s.name_start, s.name_end)

    def entries(self) -> list[EntrySpan]:
        s = self._located()
        return s.entries if s is not None else []

    def _arg_entry(self, index: int) -> EntrySpan | None:
        args = [e for e in self.entries() if e.key is None]
        return args[index] if index < len(args) else None

    def _prop_entry(self, key: str) -> EntrySpan | None:
        found = None
        for e in self.entries():
            if e.key is not None and _key_text(e.key) == key:
                found = e
        return found

    def arg_span(self, index: int) -> Span:
        e = self._arg_entry(index)
        return self.file.source.span(e.start, e.end) if e else self.span()

    def prop_span(self, key: str) -> Span:
        """The value of a property (the last one, when it is repeated)."""
        e = self._prop_entry(key)
        return self.file.source.span(e.start, e.end) if e else self.span()

    def key_span(self, key: str) -> Span:
        e = self._prop_entry(key)
        if e is None:
            return self.span()
        return self.file.source.span(e.key_start, e.key_start + len(e.key or ""))

    def children_span(self) -> Span:
        s = self._located()
        if s is None or s.children_start < 0:
            return self.span()
        return self.file.source.span(s.children_start, s.children_start + 1)

    def arg_content_offset(self, index: int) -> int | None:
        """Offset in the file of an argument string's first character, when the source
        text maps one to one onto the value (no escapes); else None."""
        e = self._arg_entry(index)
        value = self.args[index] if index < len(self.args) else None
        if e is None or not isinstance(value, str):
            return None
        return content_offset(self.file.source.text[e.start:e.end], value, e.start)

    def duplicate_keys(self) -> list[tuple[str, EntrySpan, EntrySpan]]:
        """(key, first, repeated) for each property given more than once."""
        seen: dict[str, EntrySpan] = {}
        out = []
        for e in self.entries():
            if e.key is None:
                continue
            key = _key_text(e.key)
            if key in seen:
                out.append((key, seen[key], e))
            else:
                seen[key] = e
        return out


def content_offset(raw: str, value: str, start: int) -> int | None:
    if raw == value:
        return start
    hashes = len(raw) - len(raw.lstrip("#"))
    inner = raw[hashes:len(raw) - hashes] if hashes else raw
    if inner.startswith('"') and not inner.startswith('"""') and inner[1:-1] == value:
        return start + hashes + 1
    return None


def _float(raw: str, parsed: float) -> float:
    if raw.startswith("#"):  # #inf, #-inf, #nan: ckdl's value is exact
        return parsed
    try:
        return float(raw.replace("_", ""))
    except ValueError:
        return parsed


def _key_text(raw: str) -> str:
    if raw[0] not in '"#':
        return raw
    try:
        decoded = ckdl.parse(f"n {raw}=#null", version=2).nodes[0].properties
        return str(next(iter(decoded)))
    except (ckdl.ParseError, StopIteration):
        return raw


# Where a float literal may start: digits then a fraction or an exponent. It is one
# only where no letter, digit, `_` or `.` comes just before (`float_like`).
_FLOAT_START = re.compile(r"[0-9][0-9_]*(?:\.[0-9]|[eE][-+]?[0-9])")
_WORD_OR_DOT = re.compile(r"[\w.]")


def float_like(text: str) -> bool:
    """Whether the text may hold a float literal: a number, signed or not, with a
    fraction or an exponent, that does not continue a word. (A lookbehind in the
    pattern would be tried at every character; candidates are rare.)"""
    found = _FLOAT_START.search(text)
    while found is not None:
        at = found.start()
        if at == 0 or _WORD_OR_DOT.match(text, at - 1) is None:
            return True
        found = _FLOAT_START.search(text, at + 1)
    return False


class ParsedFile:
    """One parsed spec file: its source and top-level nodes, located lazily."""

    def __init__(self, source: SourceText, raw_nodes: list[Any],
                 base: SpanBase | None = None) -> None:
        self.source = source
        self.property_count = 0
        self._located = False
        self._base = base  # an earlier text to rescan from, until located
        self._spans: list[NodeSpan] | None = None  # this text's scan, once located
        self.nodes: list[Node] = self._build(raw_nodes)
        if float_like(source.text):
            self._exact_floats()

    @property
    def path(self) -> str:
        return self.source.path

    def _build(self, raw_nodes: list[Any]) -> list[Node]:
        top: list[Node] = []
        work: list[tuple[list[Any], list[Node], int]] = [(raw_nodes, top, 1)]
        count = 0
        value_type = ckdl.Value  # an annotated value; plain ones come as Python scalars
        while work:
            raws, out, depth = work.pop()
            for raw in raws:
                annotated = False
                args = raw.args
                if value_type in map(type, args):  # `in` compares types by identity
                    annotated = True
                    args = [v.value if type(v) is ckdl.Value else v for v in args]
                props = raw.properties
                if props:
                    count += len(props)
                    if value_type in map(type, props.values()):
                        annotated = True
                        props = {k: v.value if type(v) is ckdl.Value else v
                                 for k, v in props.items()}
                node = Node(self, raw.name, raw.type_annotation, args, props, annotated)
                out.append(node)
                children = raw.children
                if children:
                    if depth >= MAX_KEPT_DEPTH:
                        node.dropped_depth = True
                    else:
                        work.append((children, node.children, depth + 1))
        self.property_count = count
        return top

    def _exact_floats(self) -> None:
        """Re-read every float from its source text with Python's correctly rounded
        `float()`: ckdl's own conversion is off by one unit in the last place for about
        one double in seventy, which would change defaults, bounds and the IR."""
        self.locate()
        text = self.source.text
        stack = list(self.nodes)
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            if node.spans is None:
                continue
            args = [e for e in node.spans.entries if e.key is None]
            for i, e in enumerate(args):
                value = node.args[i] if i < len(node.args) else None
                if isinstance(value, float):
                    node.args[i] = _float(text[e.start:e.end], value)
            for e in node.spans.entries:
                if e.key is not None:
                    key = _key_text(e.key)
                    value = node.props.get(key)
                    if isinstance(value, float):
                        node.props[key] = _float(text[e.start:e.end], value)

    def may_repeat_properties(self) -> bool:
        """False when no property can have been merged by ckdl (exact-or-cautious).

        Every `=` sign outside strings and comments belongs to a property, so when the
        text holds exactly as many `=` as ckdl kept properties, none was merged."""
        if self.source.text.count("=") == self.property_count:
            return False
        signs = sum(1 for m in _PROPERTY_SIGNS.finditer(self.source.text) if m.group("sign"))
        return signs != self.property_count

    def span_base(self) -> SpanBase | None:
        """A base for the next version of this file: this text's scan once located, else
        the base this file was given."""
        if self._spans is not None:
            return self.source.text, self._spans
        return self._base

    def locate(self) -> None:
        """Scan the file once and give every node its spans."""
        if self._located:
            return
        self._located = True
        base = self._base
        try:
            spans = scan(self.source.text) if base is None else rescan(self.source.text, *base)
        except ScanError:
            return  # the scanner disagrees with ckdl: keep values, point at the file start
        self._spans, self._base = spans, None
        work: list[tuple[list[Node], list[NodeSpan]]] = [(self.nodes, spans)]
        while work:
            nodes, node_spans = work.pop()
            if len(nodes) != len(node_spans):
                continue
            for node, node_span in zip(nodes, node_spans, strict=True):
                node.spans = node_span
                if node.children:
                    work.append((node.children, node_span.children))
