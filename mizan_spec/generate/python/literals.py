"""Python string literals and docstrings laid out within the line length, for every
generated module (the same quoting, double quotes, and the same width everywhere)."""

from __future__ import annotations

import json
import textwrap

MAX_LINE = 99
"""The longest line any generated Python file has (ruff's limit, 100, less one)."""


def string_literal(text: str, indent: str, width: int = MAX_LINE) -> str:
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


def docstring(text: str | None, indent: str) -> str:
    """A docstring literal (or "") indented for its place; never closes early."""
    if text is None:
        return ""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    width = MAX_LINE - len(indent)
    lines = [piece for line in body.split("\n")
             for piece in (textwrap.wrap(line, width, break_long_words=False,
                                         break_on_hyphens=False) or [""])]
    if len(lines) == 1 and len(indent) + len(body) + 6 <= MAX_LINE:
        return f'{indent}"""{body}"""'
    inner = "\n".join((indent + line) if line else "" for line in lines)
    return f'{indent}"""\n{inner}\n{indent}"""'


def value_docstring(text: str, indent: str) -> str:
    """A docstring whose value the runtime reads back exactly (a model's or an enum
    member's doc): `\"\"\"text\"\"\"` when it fits on one line, else joined pieces."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if "\n" not in text and not body.endswith('"') and len(indent) + len(body) + 6 <= MAX_LINE:
        return f'{indent}"""{body}"""'
    return indent + string_literal(text, indent)


def functional_typed_dict(comment: str, name: str, typed_dict: str,
                          fields: list[tuple[str, str]], *, total: bool = True) -> str:
    """`Name = TypedDict("Name", {"key": annotation, ...})` under a `# comment` line: the
    form a TypedDict takes when a key is a Python keyword (`class`), which no class body
    can declare."""
    keys = "".join(f"        {json.dumps(key)}: {annotation},\n" for key, annotation in fields)
    closing = "" if total else "    total=False,\n"
    return (f"# {comment}\n{name} = {typed_dict}(\n    {json.dumps(name)},\n"
            f"    {{\n{keys}    }},\n{closing})")
