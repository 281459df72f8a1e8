"""A form field's `pattern`, read the same way by the servers and by the TypeScript client.

The rule (language.md §5.8): Python's `re` syntax, searched (not anchored), with ASCII
classes: `\\d` is `[0-9]`, `\\w` is `[A-Za-z0-9_]`, `\\s` is `[ \\t\\n\\r\\f\\v]` and `\\b`
stands between them, whatever the value holds (Arabic-Indic digits, accented letters,
an ideographic space are none of these); `.` is any character but `\\n`; `$` is the end,
or just before a final `\\n`. The servers compile it with `re.ASCII` (`compile_pattern`,
`python_source` for pydantic); the client gets `js_source`: the same pattern in
JavaScript's syntax for `new RegExp(source, "u")`, whose `\\d`, `\\w` and `\\b` are ASCII
already, with `\\s`, `\\S`, `.`, `$`, `\\A`, `\\Z` and Python's named groups spelled out.
"""

from __future__ import annotations

import re

_WHITESPACE = "\\t\\n\\v\\f\\r "  # Python's ASCII `\s`, as JavaScript escapes
_OUTSIDE = {"s": f"[{_WHITESPACE}]", "S": f"[^{_WHITESPACE}]", "A": "^", "Z": "$"}
_INSIDE = {"s": _WHITESPACE}


def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


def python_source(pattern: str) -> str:
    """The pattern for an engine that takes no flags (pydantic's `python-re`)."""
    return "(?a)" + pattern


def js_source(pattern: str) -> str:
    """The pattern in JavaScript's syntax, with the rule's meaning under the `u` flag."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(e, c + e))
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":  # a leading `]` is literal in Python
                out.append("\\]")
                i += 1
            continue
        if c == ".":
            out.append("[^\\n]")
        elif c == "$":
            out.append("(?=\\n?$)")
        elif pattern.startswith("(?P<", i):
            out.append("(?<")
            i += 4
            continue
        elif pattern.startswith("(?P=", i):
            end = pattern.find(")", i)
            if end != -1:
                out.append(f"\\k<{pattern[i + 4:end]}>")
                i = end + 1
                continue
            out.append(c)
        else:
            out.append(c)
        i += 1
    return "".join(out)
