"""The canonical layout: printing a layout tree.

Four-space indent, one node per line, `mizan 1` first, a blank line kept where the
author left one (never two, never at a block's edge), arguments before properties and
properties in a canonical order per node, strings bare when they can be (but text for
people: docs, labels, titles), values otherwise exactly as written. Nodes that hold
comments or slashdashed entries between their entries keep their entry order, so every
comment stays beside what it annotates.
"""

from __future__ import annotations

import re

from mizan_spec.fmt.tree import Blank, Comment, Entry, Item, NodeItem

INDENT = "    "
PROPERTY_ORDER: dict[str, tuple[str, ...]] = {
    # a type's field (constraints, default) or a form's (enum, label, ... help)
    "field": ("enum", "label", "min", "max", "min-length", "max-length", "pattern", "default",
              "required", "initial", "placeholder", "help"),
    "param": ("min", "max", "min-length", "max-length", "pattern", "default"),
    "function": ("returns", "context", "auth", "route", "websocket", "rev", "cache"),
    "channel": ("message", "send", "auth"),
    "form": ("title", "submit-label", "returns", "auth"),
}
PROSE_NODES = frozenset({"doc", "label"})
PROSE_PROPS = frozenset({"label", "title", "submit-label", "help", "placeholder"})
"""Text for people (docs, labels, form titles): kept quoted as written, never made bare."""
_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*\Z")
_BARE_KEYWORDS = frozenset({"true", "false", "null", "inf", "nan"})


def bare_or_quoted(text: str, kind: str) -> str:
    """A quoted string without escapes that reads as an identifier is printed bare."""
    if kind == "qs" and "\\" not in text:
        inner = text[1:-1]
        if _BARE.match(inner) and inner not in _BARE_KEYWORDS:
            return inner
    return text


def _kind(raw: str) -> str:
    return "qs" if raw.startswith('"') else "bare"


def _key(raw: str) -> str:
    return bare_or_quoted(raw, _kind(raw))


def _reindent_multiline(value: str, indent: str) -> str:
    """Move a multi-line string's lines to `indent` (its value is unchanged: the closing
    line's whitespace is what gets stripped from every line)."""
    lines = value.split("\n")
    if len(lines) < 2:
        return value
    last = lines[-1]
    prefix = last[: len(last) - len(last.lstrip(" \t"))]
    out = [lines[0]]
    for line in lines[1:-1]:
        if not line.strip():
            out.append("")
        elif line.startswith(prefix):
            out.append(indent + line[len(prefix):])
        else:
            return value
    out.append(indent + last[len(prefix):])
    return "\n".join(out)


class Printer:
    def __init__(self, reindent_strings: bool = True) -> None:
        self.reindent_strings = reindent_strings
        self.lines: list[str] = []

    def value(self, entry: Entry, depth: int, prose: bool) -> str:
        text = entry.value if prose else bare_or_quoted(entry.value, entry.value_kind)
        if "\n" in text and self.reindent_strings and entry.value_kind in ("ms", "raw"):
            text = _reindent_multiline(text, INDENT * (depth + 1))
        return text

    def entries(self, node: NodeItem) -> list[Entry]:
        entries = node.entries
        if any(e.kind in ("comment", "break") or e.dropped for e in entries):
            return entries
        order = PROPERTY_ORDER.get(node.name, ())
        rank = {key: i for i, key in enumerate(order)}
        args = [e for e in entries if e.kind == "arg"]
        props = [e for e in entries if e.kind == "prop"]
        props.sort(key=lambda e: rank.get(_key(e.key or ""), len(order)))
        return args + props

    def node(self, node: NodeItem, depth: int) -> None:
        indent = INDENT * depth
        head = ("/-" if node.dropped else "") + (f"({node.annotation})" if node.annotation
                                                else "")
        line = indent + head + bare_or_quoted(node.name, node.name_kind)
        for e in self.entries(node):
            if e.kind == "comment":
                line += f" {e.comment}"
                continue
            if e.kind == "break":
                self.lines.append(f"{line} \\ {e.comment}")
                line = INDENT * (depth + 1)
                continue
            text = ("/-" if e.dropped else "")
            if e.key is not None:
                text += bare_or_quoted(e.key, _kind(e.key)) + "="
            prose = node.name in PROSE_NODES or (e.key is not None and _key(e.key) in PROSE_PROPS)
            text += self.value(e, depth, prose=prose)
            line += text if line.endswith(INDENT) and not line.strip() else f" {text}"
        for block in node.blocks:
            if not block.items and block.open_comment is None and not block.dropped:
                continue
            line += " /-{" if block.dropped else " {"
            if block.open_comment is not None:
                line += f" {block.open_comment}"
            self.lines.append(line)
            self.block(block.items, depth + 1)
            line = indent + "}"
        if node.trailing is not None:
            line += f" {node.trailing}"
        self.lines.append(line)

    def block(self, items: list[Item], depth: int) -> None:
        start, end = 0, len(items)
        while start < end and isinstance(items[start], Blank):
            start += 1
        while end > start and isinstance(items[end - 1], Blank):
            end -= 1
        for item in items[start:end]:
            if isinstance(item, Blank):
                self.lines.append("")
            elif isinstance(item, Comment):
                self.lines.append(INDENT * depth + item.text)
            else:
                self.node(item, depth)


def mizan_first(items: list[Item]) -> list[Item]:
    """Move the `mizan` node (with the comments right above it) before the first node."""
    nodes = [i for i, item in enumerate(items) if isinstance(item, NodeItem)]
    version = None
    for i in nodes:
        item = items[i]
        if isinstance(item, NodeItem) and item.name == "mizan" and not item.dropped:
            version = i
            break
    if version is None or version == nodes[0]:
        return items
    start = version
    while start > 0 and isinstance(items[start - 1], Comment):
        start -= 1
    moving = items[start:version + 1]
    rest = items[:start] + items[version + 1:]
    first = next(i for i, item in enumerate(rest) if isinstance(item, NodeItem))
    while first > 0 and isinstance(rest[first - 1], Comment):
        first -= 1
    return [*rest[:first], *moving, Blank(), *rest[first:]]


def print_tree(items: list[Item], reindent_strings: bool = True) -> str:
    printer = Printer(reindent_strings)
    printer.block(mizan_first(items), 0)
    collapsed: list[str] = []
    for line in printer.lines:
        if line == "" and collapsed and collapsed[-1] == "":
            continue
        collapsed.append(line)
    return "\n".join(collapsed).rstrip("\n") + "\n" if collapsed else ""
