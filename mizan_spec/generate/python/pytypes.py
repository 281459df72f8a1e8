"""IR types, defaults and constraints as Python source text, with the imports they need.

The annotations written here are the ones the runtime reads back into IR, so a generated
app exports exactly the IR it was generated from: constraints and docs go into
`Annotated[T, Field(...)]`, wire names that are Python keywords get a `_` suffix and an
alias.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from mizan_spec.check.names import python_param_name
from mizan_spec.generate.python.literals import string_literal
from mizan_spec.generate.python.models import ModelNames
from mizan_spec.ir.model import Field as IRField
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr

_BUILTINS = frozenset({"int", "float", "str", "bool"})
_SCALAR_IMPORTS = {"date": ("datetime", "date"), "datetime": ("datetime", "datetime"),
                   "uuid": ("uuid", "UUID"), "decimal": ("decimal", "Decimal"),
                   "json": ("typing", "Any"), "email": ("mizan_spec.runtime", "Email"),
                   "url": ("mizan_spec.runtime", "Url")}


@dataclass
class Imports:
    """The names a module imports, collected while rendering and laid out at the end.

    Spec names never shadow an import: a toolkit name the spec also uses in this module
    (a type, function or predicate named `Any`, `Call`, `date`, `int`...) is imported
    under a `_` alias (`from typing import Any as _Any`, `_builtins.int`), which no spec
    name can be, since spec names start with a letter. A spec type named like one of the
    module's own definitions (`Api` in interface.py) is imported under a `_` alias too.
    """

    taken: frozenset[str] = frozenset()  # spec names in this module's scopes
    defined: frozenset[str] = frozenset()  # the module's own top-level names
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # module -> name -> local
    models: dict[str, str] = field(default_factory=dict)  # spec type -> local name
    builtins: bool = False  # `import builtins as _builtins`

    def ref(self, module: str, name: str) -> str:
        """The local name of `name` from `module`, imported."""
        local = f"_{name}" if name in self.taken else name
        self.names.setdefault(module, {})[name] = local
        return local

    def builtin(self, name: str) -> str:
        if name not in self.taken:
            return name
        self.builtins = True
        return f"_builtins.{name}"

    def model(self, name: str) -> str:
        """The local name of the spec type `name`, imported from `.models`."""
        local = f"_{name}" if name in self.defined else name
        self.models[name] = local
        return local


def type_text(t: TypeExpr, imports: Imports) -> str:
    if isinstance(t, Named):
        if t.name in _BUILTINS:
            return imports.builtin(t.name)
        if t.name in _SCALAR_IMPORTS:
            return imports.ref(*_SCALAR_IMPORTS[t.name])
        return imports.model(t.name)
    if isinstance(t, ListOf):
        return f"{imports.builtin('list')}[{type_text(t.item, imports)}]"
    if isinstance(t, DictOf):
        return (f"{imports.builtin('dict')}[{imports.builtin('str')}, "
                f"{type_text(t.value, imports)}]")
    assert isinstance(t, Optional)
    return f"{type_text(t.inner, imports)} | None"


def default_text(f: IRField, names: ModelNames, imports: Imports) -> str:
    value = f.default
    base = f.type.inner if isinstance(f.type, Optional) else f.type
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(base, Named) and isinstance(value, str):
        if base.name == "decimal":
            return f"{imports.ref('decimal', 'Decimal')}({json.dumps(value)})"
        if base.name in ("date", "datetime"):
            return f"{imports.ref('datetime', base.name)}.fromisoformat({json.dumps(value)})"
        if base.name == "uuid":
            return f"{imports.ref('uuid', 'UUID')}({json.dumps(value)})"
        if not base.is_scalar:  # an enum member
            return f"{imports.model(base.name)}.{names.attribute(base.name, value)}"
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def _bound(value: int | float | str, imports: Imports) -> str:
    if isinstance(value, str):
        return f"{imports.ref('decimal', 'Decimal')}({json.dumps(value)})"
    return repr(value)


@dataclass
class Annotation:
    """A parameter's annotation: a type, with `Field(...)` metadata when it has any."""

    base: str
    field: list[tuple[str, str]]  # Field keyword -> Python code
    description: str | None = None
    annotated: str = "Annotated"  # local names of typing.Annotated and pydantic.Field
    field_call: str = "Field"

    def inline(self) -> str:
        if not self.field and self.description is None:
            return self.base
        args = self.field if self.description is None else [
            ("description", json.dumps(self.description, ensure_ascii=False)), *self.field]
        keywords = ", ".join(f"{k}={v}" for k, v in args)
        return f"{self.annotated}[{self.base}, {self.field_call}({keywords})]"

    def block(self, indent: str) -> str:
        """The same annotation over several lines, continuation lines at `indent`."""
        if not self.field and self.description is None:
            return self.base
        inner = indent + "        "
        args = [(k, v) for k, v in self.field]
        if self.description is not None:
            args.insert(0, ("description", string_literal(self.description, inner)))
        lines = "".join(f"{inner}{k}={v},\n" for k, v in args)
        return (f"{self.annotated}[\n{indent}    {self.base},\n{indent}    {self.field_call}(\n"
                f"{lines}{indent}    ),\n{indent}]")


def param_annotation(f: IRField, imports: Imports) -> Annotation:
    """The parameter's annotation: its type, wrapped in Annotated when it has metadata."""
    base = type_text(f.type, imports)
    args: list[tuple[str, str]] = []
    py = python_param_name(f.name)
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
        return Annotation(base, args, f.doc, imports.ref("typing", "Annotated"),
                          imports.ref("pydantic", "Field"))
    return Annotation(base, args, f.doc)
