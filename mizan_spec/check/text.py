"""Text that reaches generated sources: no bidi controls, no NUL or other control characters.

Docs become docstrings and JSDoc, string defaults and patterns become literals in
generated Python and TypeScript. A bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE,
...) makes an editor or a code review show source in another order than the compiler
reads it ("Trojan Source"); NUL and the other control characters, and the line and
paragraph separators, end or split lines in some tools and not in others. KDL forbids
them written raw (E006), but an escape such as `"\\u{202e}"` still puts one in a value:
this pass refuses them there, pointing at the escape. The IR reader refuses the same
(`mizan_spec.ir.load`), so every generator is safe by construction. Tab and newline
are allowed.
"""

from __future__ import annotations

import re
import unicodedata

from mizan_spec.check.declarations import Declarations, FieldDecl
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Span
from mizan_spec.parse.document import Node

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""C0 controls but tab and newline, DEL and C1 controls, the bidi controls (embeddings,
overrides, isolates, marks) and the Unicode line and paragraph separators."""

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_C0_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
    "ENQUIRY", "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
    "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
    "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_HINTS = {
    "bidirectional control": "remove it: bidi controls make code read otherwise than it runs",
    "line break": "remove it; write a line break as a real new line (or `\\n`)",
    "control character": "remove it: generated code never carries control characters",
}
# A KDL escape: `\u{hex}`, or a backslash and one character (`\r`, `\b`, `\\`...).
_ESCAPE = re.compile(r"\\(?:u\{([0-9A-Fa-f]{1,6})\}|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"b": "\b", "f": "\f", "r": "\r", "n": "\n", "t": "\t", "s": " "}


def first_unsafe(text: str) -> str | None:
    """The first character of `text` that generated code must never carry, if any."""
    m = UNSAFE.search(text)
    return m.group() if m else None


def describe(ch: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`, `U+0000 NULL`: a code point as people read it."""
    code = ord(ch)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DELETE"
    else:
        name = unicodedata.name(ch, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}"


def _entry_bounds(node: Node, index: int | None, key: str | None) -> tuple[int, int] | None:
    """Where an argument (by index) or a property (by key; the last one) is in the file."""
    found = None
    args = 0
    for e in node.entries():
        if e.key is None and key is None:
            if args == index:
                return e.start, e.end
            args += 1
        elif e.key is not None and key is not None and e.key in (key, f'"{key}"'):
            found = (e.start, e.end)
    return found


def _locate(node: Node, index: int | None, key: str | None, ch: str) -> Span:
    """The escape that wrote `ch` into the value, else the whole value."""
    source = node.file.source
    bounds = _entry_bounds(node, index, key)
    if bounds is None:
        return node.span()
    start, end = bounds
    raw = source.text[start:end]
    if not raw.startswith("#"):  # raw strings have no escapes
        for m in _ESCAPE.finditer(raw):
            hex_digits, simple = m.groups()
            decoded = (chr(int(hex_digits, 16)) if hex_digits and int(hex_digits, 16) < 0x110000
                       else _SIMPLE_ESCAPES.get(simple or ""))
            if decoded == ch:
                return source.span(start + m.start(), start + m.end())
    return source.span(start, end)


def _report(node: Node, index: int | None, key: str | None, value: object, what: str,
            out: list[Diagnostic]) -> None:
    if not isinstance(value, str):
        return
    ch = first_unsafe(value)
    if ch is None:
        return
    kind = ("bidirectional control" if ch in _BIDI else
            "line break" if ch in _LINE_BREAKS else "control character")
    out.append(Diagnostic(
        codes.UNSAFE_TEXT, _locate(node, index, key, ch),
        f"{what} holds {describe(ch)}, a {kind} that would reach generated code",
        _HINTS[kind],
    ))


def _doc(node: Node, what: str, out: list[Diagnostic]) -> None:
    """The doc the structure pass kept: the first `doc` child with an argument."""
    for child in node.children:
        if child.name == "doc" and child.args:
            _report(child, 0, None, child.args[0], f"the doc of {what}", out)
            return


def _child_text(node: Node, name: str, what: str, out: list[Diagnostic]) -> None:
    """The first `name "text"` child the structure pass kept (`label`)."""
    for child in node.children:
        if child.name == name and child.args:
            _report(child, 0, None, child.args[0], what, out)
            return


def _field(f: FieldDecl, kind: str, owner: str, out: list[Diagnostic]) -> None:
    what = f"{kind} `{f.name}` of {owner}"
    _doc(f.node, what, out)
    props = f.node.props
    if "default" in props:
        _report(f.node, None, "default", props["default"], f"the default of {what}", out)
    if "pattern" in props:
        _report(f.node, None, "pattern", props["pattern"], f"the pattern of {what}", out)


check_value = _report
"""Report `value` (an argument by index, or a property by key) if it holds unsafe text."""
check_doc = _doc
"""Report the doc of a node if it holds unsafe text."""


def check_text(decls: Declarations, out: list[Diagnostic]) -> None:
    for t in decls.types:
        _doc(t.node, f"type `{t.name}`", out)
        for f in t.fields:
            _field(f, "field", f"`{t.name}`", out)
    for e in decls.enums:
        _doc(e.node, f"enum `{e.name}`", out)
        for m in e.members:
            _doc(m.node, f"member `{m.name}` of `{e.name}`", out)
            _child_text(m.node, "label", f"the label of member `{m.name}` of `{e.name}`", out)
    for c in decls.contexts:
        _doc(c.node, f"context `{c.name}`", out)
    for p in decls.predicates:
        _doc(p.node, f"predicate `{p.name}`", out)
    for fn in decls.functions:
        _doc(fn.node, f"function `{fn.name}`", out)
        for param in fn.params:
            _field(param, "param", f"`{fn.name}`", out)
    for ch in decls.channels:
        _doc(ch.node, f"channel `{ch.name}`", out)
        for param in ch.params:
            _field(param, "param", f"`{ch.name}`", out)
