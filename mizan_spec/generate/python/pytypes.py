"""IR types, defaults and constraints as Python source text, with the imports they need.

The annotations written here are the ones the runtime reads back into IR, so a generated
app exports exactly the IR it was generated from: constraints and docs go into
`Annotated[T, Field(...)]`, wire names that are Python keywords get a `_` suffix and an
alias.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from mizan_spec.check.names import python_name
from mizan_spec.generate.python.literals import string_literal
from mizan_spec.generate.python.models import ModelNames
from mizan_spec.ir.model import Field as IRField
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr

_SCALAR_TEXT = {"int": "int", "float": "float", "str": "str", "bool": "bool", "date": "date",
                "datetime": "datetime", "uuid": "UUID", "decimal": "Decimal", "json": "Any"}
_SCALAR_IMPORTS = {"date": ("datetime", "date"), "datetime": ("datetime", "datetime"),
                   "uuid": ("uuid", "UUID"), "decimal": ("decimal", "Decimal"),
                   "json": ("typing", "Any")}


@dataclass
class Imports:
    """`from module import name` lines, collected while rendering and sorted at the end."""

    names: dict[str, set[str]] = field(default_factory=dict)
    models: set[str] = field(default_factory=set)

    def add(self, module: str, name: str) -> None:
        self.names.setdefault(module, set()).add(name)

    def lines(self) -> list[str]:
        return [f"from {m} import {', '.join(sorted(ns))}" for m, ns in sorted(self.names.items())]


def type_text(t: TypeExpr, imports: Imports) -> str:
    if isinstance(t, Named):
        if t.name in _SCALAR_TEXT:
            if t.name in _SCALAR_IMPORTS:
                imports.add(*_SCALAR_IMPORTS[t.name])
            return _SCALAR_TEXT[t.name]
        imports.models.add(t.name)
        return t.name
    if isinstance(t, ListOf):
        return f"list[{type_text(t.item, imports)}]"
    if isinstance(t, DictOf):
        return f"dict[str, {type_text(t.value, imports)}]"
    assert isinstance(t, Optional)
    return f"{type_text(t.inner, imports)} | None"


def default_text(f: IRField, names: ModelNames, imports: Imports) -> str:
    value = f.default
    base = f.type.inner if isinstance(f.type, Optional) else f.type
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(base, Named) and isinstance(value, str):
        if base.name == "decimal":
            imports.add("decimal", "Decimal")
            return f"Decimal({json.dumps(value)})"
        if base.name in ("date", "datetime"):
            imports.add("datetime", base.name)
            return f"{base.name}.fromisoformat({json.dumps(value)})"
        if base.name == "uuid":
            imports.add("uuid", "UUID")
            return f"UUID({json.dumps(value)})"
        if not base.is_scalar:  # an enum member
            imports.models.add(base.name)
            return f"{base.name}.{names.attribute(base.name, value)}"
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _bound(value: int | float | str, imports: Imports) -> str:
    if isinstance(value, str):
        imports.add("decimal", "Decimal")
        return f"Decimal({json.dumps(value)})"
    return repr(value)


@dataclass
class Annotation:
    """A parameter's annotation: a type, with `Field(...)` metadata when it has any."""

    base: str
    field: list[tuple[str, str]]  # Field keyword -> Python code
    description: str | None = None

    def inline(self) -> str:
        if not self.field and self.description is None:
            return self.base
        args = self.field if self.description is None else [
            ("description", json.dumps(self.description, ensure_ascii=False)), *self.field]
        return f"Annotated[{self.base}, Field({', '.join(f'{k}={v}' for k, v in args)})]"

    def block(self, indent: str) -> str:
        """The same annotation over several lines, continuation lines at `indent`."""
        if not self.field and self.description is None:
            return self.base
        inner = indent + "        "
        args = [(k, v) for k, v in self.field]
        if self.description is not None:
            args.insert(0, ("description", string_literal(self.description, inner)))
        lines = "".join(f"{inner}{k}={v},\n" for k, v in args)
        return (f"Annotated[\n{indent}    {self.base},\n{indent}    Field(\n{lines}"
                f"{indent}    ),\n{indent}]")


def param_annotation(f: IRField, imports: Imports) -> Annotation:
    """The parameter's annotation: its type, wrapped in Annotated when it has metadata."""
    base = type_text(f.type, imports)
    args: list[tuple[str, str]] = []
    py = python_name(f.name)
    if py != f.name:
        args.append(("alias", json.dumps(f.name)))
    c = f.constraints
    if c.min is not None:
        args.append(("ge", _bound(c.min, imports)))
    if c.max is not None:
        args.append(("le", _bound(c.max, imports)))
    if c.min_length is not None:
        args.append(("min_length", str(c.min_length)))
    if c.max_length is not None:
        args.append(("max_length", str(c.max_length)))
    if c.pattern is not None:
        args.append(("pattern", json.dumps(c.pattern, ensure_ascii=False)))
    if args or f.doc is not None:
        imports.add("typing", "Annotated")
        imports.add("pydantic", "Field")
    return Annotation(base, args, f.doc)
