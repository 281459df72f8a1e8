"""A deterministic KDL 2.0 writer.

Values are written so that ckdl reads back exactly what was written: floats in their
shortest round-trip form, strings bare only when they cannot be mistaken for a keyword
or a number, everything else quoted with escapes for control and invisible characters.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field

Scalar = int | float | str | bool | None


class Quoted(str):
    """A string always written in quotes (prose such as docs), never bare."""

    __slots__ = ()

_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_RESERVED_BARE = frozenset({"true", "false", "null", "inf", "nan"})
_SIMPLE_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                   "\b": "\\b", "\f": "\\f"}


_PLAIN_ASCII = re.compile(r'[ !#-\[\]-~]*\Z')  # printable ASCII but `"` and `\`


def format_string(value: str, *, bare: bool = True) -> str:
    return _format_string(value, bare) if len(value) <= 64 else _write_string(value, bare)


@functools.lru_cache(maxsize=1 << 14)
def _format_string(value: str, bare: bool) -> str:
    """Short strings (names, types, keys) recur on most lines of a document: once each."""
    return _write_string(value, bare)


def _write_string(value: str, bare: bool) -> str:
    if bare and _BARE.match(value) and value not in _RESERVED_BARE:
        return value
    if _PLAIN_ASCII.match(value):
        return f'"{value}"'
    out = ['"']
    for ch in value:
        escaped = _SIMPLE_ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"):
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def format_float(value: float) -> str:
    if math.isnan(value):
        return "#nan"
    if math.isinf(value):
        return "#inf" if value > 0 else "#-inf"
    text = repr(value)
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"  # keep it a float when read back
    return text


def format_value(value: Scalar) -> str:
    if value is None:
        return "#null"
    if value is True:
        return "#true"
    if value is False:
        return "#false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    return format_string(value, bare=not isinstance(value, Quoted))


@dataclass(slots=True)
class KdlNode:
    """A node to write: arguments in order, properties in the order given."""

    name: str
    args: list[Scalar] = field(default_factory=list)
    props: list[tuple[str, Scalar]] = field(default_factory=list)
    children: list[KdlNode] = field(default_factory=list)


def write_nodes(nodes: list[KdlNode], indent: str = "    ") -> str:
    """Nodes as text: one per line, children indented, LF line endings, final newline."""
    lines: list[str] = []
    stack: list[tuple[list[KdlNode], int, int]] = [(nodes, 0, 0)]
    while stack:
        siblings, index, depth = stack.pop()
        if index >= len(siblings):
            if depth > 0:
                lines.append(indent * (depth - 1) + "}")
            continue
        node = siblings[index]
        stack.append((siblings, index + 1, depth))
        parts = [format_string(node.name)]
        parts.extend(format_value(a) for a in node.args)
        parts.extend(f"{format_string(k)}={format_value(v)}" for k, v in node.props)
        line = indent * depth + " ".join(parts)
        if node.children:
            lines.append(line + " {")
            stack.append((node.children, 0, depth + 1))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""
