"""Completion from the text around the cursor: node, property, type and other names.

It reads only the buffer (no parse), so it works on half-typed lines: the enclosing
blocks come from a brace count outside strings and comments, the current node from the
words on the cursor's line. Declared names come from the last check of the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mizan_spec.check.grammar import (
    CHANNEL_CHILDREN,
    CHANNEL_PROPS,
    FIELD_PROPS,
    FUNCTION_CHILDREN,
    FUNCTION_PROPS,
    TYPE_CHILDREN,
)
from mizan_spec.ir.types import SCALARS
from mizan_spec.lsp.form_completion import complete_form, form_places, form_values

_LEX = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)|"(?:[^"\\\n]|\\.)*"?|(#+)".*?(?:"\1|\Z)'
    r"|//[^\n]*|/\*.*?(?:\*/|\Z)|(?P<open>\{)|(?P<close>\})|(?P<end>[\n;])"
    r"|(?P<word>[^\s{}();\"=/\\]+)",
    re.DOTALL,
)
_PARTIAL = re.compile(r"[A-Za-z0-9_\-#]*$")
_PLACES = {None: ("mizan", "include", "type", "enum", "context", "predicate", "function",
                  "channel", "form"),
           "type": TYPE_CHILDREN, "function": FUNCTION_CHILDREN, "channel": CHANNEL_CHILDREN,
           "enum": ("doc",),
           "field": ("doc",), "param": ("doc",), "context": ("doc",), "predicate": ("doc",)}
_AUTH = ("#true", "#false", "staff", "superuser")
_CACHE_DURATIONS = ("30s", "1m", "5m", "1h", "1d")  # examples of `cache=` (language.md §5.6)


@dataclass(frozen=True)
class Suggestion:
    label: str
    kind: str  # keyword | property | type | enum | context | function | predicate | value
    insert: str | None = None


def _blocks(before: str) -> list[str | None]:
    """The names of the nodes whose blocks are open around the cursor, innermost last."""
    stack: list[str | None] = []
    current: str | None = None
    started = False
    for m in _LEX.finditer(before):
        if m.group("open"):
            stack.append(current)
            current, started = None, False
        elif m.group("close"):
            if stack:
                stack.pop()
            current, started = None, False
        elif m.group("end"):
            current, started = None, False
        elif m.group("word") and not started:
            current, started = m.group("word"), True
    return stack


def complete(text: str, offset: int, names: dict[str, list[str]]) -> list[Suggestion]:
    """Suggestions for the cursor at code point `offset` of `text`."""
    before = text[:offset]
    line = before[before.rfind("\n") + 1:]
    partial = _PARTIAL.search(line)
    head = line[: partial.start() if partial else len(line)]
    stack = _blocks(before[: len(before) - len(line)] + head)
    parent = stack[-1] if stack else None
    words = head.split()
    if not words or head.rstrip().endswith(("{", ";")):
        places = form_places(stack) or _PLACES.get(parent, ())
        return [Suggestion(n, "keyword") for n in places]
    in_form = complete_form(parent, words)
    node = words[0]
    types = [*SCALARS, *names.get("types", []), *names.get("enums", [])]
    key = re.search(r"([A-Za-z-]+)=\"?[^\s=]*$", head)
    if key:
        value = form_values(key.group(1), names) if "form" in (node, parent) else None
        return value if value is not None else _values(key.group(1), names, types,
                                                       '="' in key.group(0))
    if in_form is not None:
        return in_form
    if parent in ("type", "function", "channel") and node in ("field", "param"):
        if len(words) == 2 or head.rstrip().endswith("["):
            return [Suggestion(t, "type") for t in types]
        if len(words) >= 3:
            return [Suggestion(p, "property", f"{p}=") for p in FIELD_PROPS]
    if parent == "function" and node == "affects":
        return [*(Suggestion(c, "context") for c in names.get("contexts", [])),
                *(Suggestion(f, "function") for f in names.get("functions", []))]
    if parent is None and node == "function" and len(words) >= 2:
        return [Suggestion(p, "property", f"{p}=") for p in FUNCTION_PROPS]
    if parent is None and node == "channel" and len(words) >= 2:
        return [Suggestion(p, "property", f"{p}=") for p in CHANNEL_PROPS]
    if head.rstrip().endswith(("[", ",")):
        return [Suggestion(t, "type") for t in types]
    return []


def _values(key: str, names: dict[str, list[str]], types: list[str],
            quoted: bool) -> list[Suggestion]:
    if key == "context":
        return [Suggestion(c, "context") for c in names.get("contexts", [])]
    if key == "auth":
        return [*(Suggestion(a, "value") for a in _AUTH),
                *(Suggestion(p, "predicate") for p in names.get("predicates", []))]
    if key in ("returns", "message", "send"):
        return [Suggestion(t, "type") for t in types]
    if key == "websocket":
        return [Suggestion("#true", "value"), Suggestion("#false", "value")]
    if key == "cache":
        return [Suggestion(d, "value", d if quoted else f'"{d}"') for d in _CACHE_DURATIONS]
    return []
