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


def param_annotation(f: IRField, imports: Imports) -> str:
    """The parameter's annotation: its type, wrapped in Annotated when it has metadata."""
    base = type_text(f.type, imports)
    args: list[str] = []
    py = python_name(f.name)
    if py != f.name:
        args.append(f"alias={json.dumps(f.name)}")
    if f.doc is not None:
        args.append(f"description={json.dumps(f.doc, ensure_ascii=False)}")
    c = f.constraints
    if c.min is not None:
        args.append(f"ge={_bound(c.min, imports)}")
    if c.max is not None:
        args.append(f"le={_bound(c.max, imports)}")
    if c.min_length is not None:
        args.append(f"min_length={c.min_length}")
    if c.max_length is not None:
        args.append(f"max_length={c.max_length}")
    if c.pattern is not None:
        args.append(f"pattern={json.dumps(c.pattern, ensure_ascii=False)}")
    if not args:
        return base
    imports.add("typing", "Annotated")
    imports.add("pydantic", "Field")
    return f"Annotated[{base}, Field({', '.join(args)})]"
