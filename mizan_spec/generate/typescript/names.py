"""TypeScript names derived from IR names, and the one way reserved words are handled.

Declaration names (functions, contexts, types, enums) are never reserved words: the
checker refuses them. Field, parameter and enum member names may be (`from`, `class`);
they stay the wire names and are written as quoted property names (`"from": number`)
in every file, so no identifier is ever derived from them. An identifier derived from a
declaration name that is already taken in its file gets `_` appended (`Namespace`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mizan_spec.check.names import TYPESCRIPT_RESERVED

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")

TS_RESERVED = TYPESCRIPT_RESERVED | frozenset([
    "as", "async", "constructor", "declare", "from", "get", "is", "keyof", "module",
    "namespace", "of", "readonly", "require", "set", "type", "abstract", "arguments", "eval",
])
"""Words quoted wherever a wire name becomes a property name: the language keywords and
the contextual keywords of TypeScript (legal as bare property names, quoted for clarity)."""


def is_identifier(name: str) -> bool:
    """Whether `name` can be written as a TypeScript identifier as it is."""
    return bool(_IDENTIFIER.match(name)) and name not in TYPESCRIPT_RESERVED


class Namespace:
    """The identifiers of one scope: `claim` gives the wanted name, or, when it is taken,
    the name with `_` appended until it is free. Claims in a fixed order give the same
    names every time."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)

    def claim(self, wanted: str) -> str:
        name = wanted
        while name in self._taken:
            name += "_"
        self._taken.add(name)
        return name

    def __contains__(self, name: object) -> bool:
        return name in self._taken


def pascal(name: str) -> str:
    """`list_posts` -> `ListPosts`; a PascalCase name is kept as it is."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def camel(name: str) -> str:
    """`list_posts` -> `listPosts`."""
    p = pascal(name)
    return p[:1].lower() + p[1:]


def prop(name: str) -> str:
    """A wire name as a property name: bare when it is a plain identifier, quoted when it
    is a reserved word (or not an identifier at all)."""
    if _IDENTIFIER.match(name) and name not in TS_RESERVED:
        return name
    return string(name)


def string(text: str) -> str:
    """A TypeScript string literal (double quotes, JSON escapes)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code in (0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def doc_comment(doc: str | None, indent: str = "") -> list[str]:
    """A JSDoc block for a doc string, as lines (empty when there is no doc)."""
    if not doc:
        return []
    text = doc.replace("*/", "*\\/")
    lines = text.splitlines() or [""]
    if len(lines) == 1:
        return [f"{indent}/** {lines[0]} */"]
    return [f"{indent}/**", *(f"{indent} * {line}".rstrip() for line in lines), f"{indent} */"]
