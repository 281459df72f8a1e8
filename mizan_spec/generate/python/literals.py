"""Python string literals laid out within a line length, for every generated module."""

from __future__ import annotations

import json


def string_literal(text: str, indent: str, width: int = 99) -> str:
    """A str literal that fits in `width` at `indent` (its continuation lines' indent):
    one literal, or implicitly joined pieces in parentheses, split after spaces."""
    whole = json.dumps(text, ensure_ascii=False)
    if len(indent) + len(whole) + 2 <= width:
        return whole
    room = max(20, width - len(indent) - 6)
    pieces: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(json.dumps(candidate, ensure_ascii=False)) > room:
            pieces.append(current + " ")
            current = word
        else:
            current = candidate
    pieces.append(current)
    inner = "".join(f"{indent}    {json.dumps(p, ensure_ascii=False)}\n" for p in pieces)
    return f"(\n{inner}{indent})"
