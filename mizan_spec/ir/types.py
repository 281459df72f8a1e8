"""Type expressions, shared by specs, the IR and the runtime.

    type  := base "?"?
    base  := NAME | "list" "[" type "]" | "dict" "[" type "," type "]"

NAME is a scalar (`int float str bool date datetime uuid decimal json email url`) or a declared
type or enum. Canonical text has no spaces except one after the comma of a dict.
`json?` is `json` (a JSON value may be null already).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeAlias

SCALARS: tuple[str, ...] = ("int", "float", "str", "bool", "date", "datetime", "uuid", "decimal",
                            "json", "email", "url")
CONTAINERS: tuple[str, ...] = ("list", "dict")


@dataclass(frozen=True)
class Named:
    """A scalar or a reference to a declared type or enum."""

    name: str

    @property
    def is_scalar(self) -> bool:
        return self.name in SCALARS


@dataclass(frozen=True)
class ListOf:
    """`list[item]`."""

    item: TypeExpr


@dataclass(frozen=True)
class DictOf:
    """`dict[key, value]`."""

    key: TypeExpr
    value: TypeExpr


@dataclass(frozen=True)
class Optional:
    """`inner?`: the value or null."""

    inner: TypeExpr


TypeExpr: TypeAlias = Named | ListOf | DictOf | Optional


def format_type(t: TypeExpr) -> str:
    """The canonical text of a type expression."""
    if isinstance(t, Named):
        return t.name
    if isinstance(t, ListOf):
        return f"list[{format_type(t.item)}]"
    if isinstance(t, DictOf):
        return f"dict[{format_type(t.key)}, {format_type(t.value)}]"
    return f"{format_type(t.inner)}?"


def names_in(t: TypeExpr) -> Iterator[Named]:
    """Every Named inside a type expression, dict keys included, left to right."""
    stack = [t]
    while stack:
        cur = stack.pop()
        if isinstance(cur, Named):
            yield cur
        elif isinstance(cur, ListOf):
            stack.append(cur.item)
        elif isinstance(cur, DictOf):
            stack.extend((cur.value, cur.key))
        else:
            stack.append(cur.inner)


def reachable_names(roots: Iterable[TypeExpr],
                    fields_of: Callable[[str], Iterable[TypeExpr]]) -> set[str]:
    """Every name reached from `roots`, following `fields_of(name)`: the field types of
    a struct of that name (nothing for scalars, enums and unknown names)."""
    reached: set[str] = set()
    stack = [n.name for t in roots for n in names_in(t)]
    while stack:
        name = stack.pop()
        if name in reached:
            continue
        reached.add(name)
        stack.extend(n.name for t in fields_of(name) for n in names_in(t))
    return reached


class TypeSyntaxError(Exception):
    """A malformed type expression: `offset` is an index into the expression text."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|([\[\],?])|(\S))")
MAX_TYPE_LENGTH = 1000


class _TypeParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        for m in _TOKEN.finditer(text):
            if m.group(1):
                self.tokens.append(("name", m.group(1), m.start(1)))
            elif m.group(2):
                self.tokens.append(("punct", m.group(2), m.start(2)))
            elif m.group(3):
                raise TypeSyntaxError(m.start(3), f"`{m.group(3)}` cannot appear in a type")
        self.tokens.append(("end", "", len(text.rstrip())))
        self.i = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self, punct: str, what: str) -> None:
        kind, value, offset = self.peek()
        if kind != "punct" or value != punct:
            found = "the end" if kind == "end" else f"`{value}`"
            raise TypeSyntaxError(offset, f"expected `{punct}` {what}, found {found}")
        self.i += 1

    def type(self, depth: int) -> TypeExpr:
        if depth > 32:
            raise TypeSyntaxError(self.peek()[2], "this type nests too deeply (at most 32 levels)")
        kind, value, offset = self.peek()
        if kind != "name":
            found = "the end" if kind == "end" else f"`{value}`"
            raise TypeSyntaxError(offset, f"expected a type name, found {found}")
        self.i += 1
        base: TypeExpr
        if value in CONTAINERS and self.peek()[1] == "[":
            self.i += 1
            first = self.type(depth + 1)
            if value == "list":
                base = ListOf(first)
            else:
                self.take(",", "between the key and value types of a dict")
                base = DictOf(first, self.type(depth + 1))
            self.take("]", f"to close `{value}[`")
        elif value in CONTAINERS:
            example = "list[T]" if value == "list" else "dict[str, T]"
            raise TypeSyntaxError(offset, f"`{value}` needs its item type, as in `{example}`")
        else:
            base = Named(value)
        if self.peek()[1] == "?":
            self.i += 1
            if base != Named("json"):  # json admits null already: `json?` is `json`
                base = Optional(base)
            if self.peek()[1] == "?":
                raise TypeSyntaxError(self.peek()[2], "a type can be made optional only once")
        return base


_SIMPLE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\??)\Z")


@functools.lru_cache(maxsize=4096)
def parse_type(text: str) -> TypeExpr:
    """Parse a type expression, or raise TypeSyntaxError pointing into `text`.

    Results are cached: type expressions are immutable and specs repeat a few of them."""
    simple = _SIMPLE.match(text)
    if simple is not None and simple.group(1) not in CONTAINERS and simple.group(1) != "json":
        named = Named(simple.group(1))
        return Optional(named) if simple.group(2) else named
    if len(text) > MAX_TYPE_LENGTH:
        raise TypeSyntaxError(0, f"a type expression may be at most {MAX_TYPE_LENGTH} characters")
    parser = _TypeParser(text)
    result = parser.type(0)
    kind, value, offset = parser.peek()
    if kind != "end":
        raise TypeSyntaxError(offset, f"unexpected `{value}` after the type")
    return result


def name_offsets(text: str) -> list[tuple[str, int]]:
    """(name, offset) of each type name in a well-formed expression, left to right,
    skipping the `list`/`dict` keywords. Lines up with `names_in` order."""
    out = []
    for m in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", text):
        rest = text[m.end():].lstrip()
        if m.group() in CONTAINERS and rest.startswith("["):
            continue
        out.append((m.group(), m.start()))
    return out
