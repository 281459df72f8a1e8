"""The one place an IR type becomes Python source: annotations, defaults and `Field(...)`
metadata, with the imports they need, for every Python generator (the models, the
interface, the wiring, the impl scaffold and both clients).

The annotations written here are the ones the runtime reads back into IR, so a generated
app exports exactly the IR it was generated from: constraints and docs go into
`Annotated[T, Field(...)]`, wire names that are not Python names get an alias. Every
file writes them alike: double quotes, `Field` keywords in one order (`alias`,
`description`, then the constraints), and the same layout within the line length.
A scalar is one row of `SCALARS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from mizan_spec.generate.python.literals import string_literal
from mizan_spec.ir.model import Field as IRField
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr


@dataclass(frozen=True)
class Scalar:
    """How an IR scalar is written in Python: a builtin (`module` None) or an import, and
    how a string default becomes a value (`{}` the type, then the JSON string)."""

    module: str | None
    name: str
    from_string: str | None = None
    plain: str | None = None  # the builtin a module that cannot import the runtime writes


SCALARS: dict[str, Scalar] = {
    "int": Scalar(None, "int"),
    "float": Scalar(None, "float"),
    "str": Scalar(None, "str"),
    "bool": Scalar(None, "bool"),
    "date": Scalar("datetime", "date", "{}.fromisoformat({})"),
    "datetime": Scalar("datetime", "datetime", "{}.fromisoformat({})"),
    "uuid": Scalar("uuid", "UUID", "{}({})"),
    "decimal": Scalar("decimal", "Decimal", "{}({})"),
    "json": Scalar("typing", "Any"),
    "email": Scalar("mizan_spec.runtime", "Email", plain="str"),
    "url": Scalar("mizan_spec.runtime", "Url", plain="str"),
}


@dataclass
class Imports:
    """The names a module imports, collected while rendering and laid out at the end.

    Spec names never shadow an import: a toolkit name the spec also uses in this module
    (a type, function or predicate named `Any`, `Call`, `date`, `int`...) is imported
    under a `_` alias (`from typing import Any as _Any`, `_builtins.int`), which no spec
    name can be, since spec names start with a letter. A spec type named like one of the
    module's own definitions (`Api` in interface.py) is imported under a `_` alias too.
    Modules in `qualified` are imported whole and named (`import datetime`,
    `datetime.date`), for a module whose own members may take the short names.
    """

    taken: frozenset[str] = frozenset()  # spec names in this module's scopes
    defined: frozenset[str] = frozenset()  # the module's own top-level names
    qualified: frozenset[str] = frozenset()  # modules imported whole
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # module -> name -> local
    modules: set[str] = field(default_factory=set)  # `import module`
    models: dict[str, str] = field(default_factory=dict)  # spec type -> local name
    renamed: dict[str, str] = field(default_factory=dict)  # spec type -> its name here
    builtins: bool = False  # `import builtins as _builtins`
    runtime: bool = True  # the module may import mizan-spec's runtime (a client's may not)

    def ref(self, module: str, name: str) -> str:
        """The local name of `name` from `module`, imported."""
        if module in self.qualified:
            self.modules.add(module)
            return f"{module}.{name}"
        local = f"_{name}" if name in self.taken else name
        self.names.setdefault(module, {})[name] = local
        return local

    def builtin(self, name: str) -> str:
        if name not in self.taken:
            return name
        self.builtins = True
        return f"_builtins.{name}"

    def model(self, name: str) -> str:
        """The local name of the spec type `name`, imported from `.models` (or defined
        here, under its name or the one in `renamed`)."""
        local = self.renamed.get(name) or (f"_{name}" if name in self.defined else name)
        self.models[name] = local
        return local


def type_text(t: TypeExpr, imports: Imports) -> str:
    if isinstance(t, Named):
        scalar = SCALARS.get(t.name)
        if scalar is None:
            return imports.model(t.name)
        if scalar.plain is not None and not imports.runtime:
            return imports.builtin(scalar.plain)
        if scalar.module is None:
            return imports.builtin(scalar.name)
        return imports.ref(scalar.module, scalar.name)
    if isinstance(t, ListOf):
        return f"{imports.builtin('list')}[{type_text(t.item, imports)}]"
    if isinstance(t, DictOf):
        return (f"{imports.builtin('dict')}[{imports.builtin('str')}, "
                f"{type_text(t.value, imports)}]")
    assert isinstance(t, Optional)
    return f"{type_text(t.inner, imports)} | None"


MemberName = Callable[[str, str], str]
"""The Python attribute of an enum member: (enum, member) -> attribute."""


def default_text(f: IRField, imports: Imports, member: MemberName) -> str:
    value = f.default
    base = f.type.inner if isinstance(f.type, Optional) else f.type
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(base, Named) and isinstance(value, str):
        scalar = SCALARS.get(base.name)
        if scalar is None:  # an enum member
            return f"{imports.model(base.name)}.{member(base.name, value)}"
        if scalar.module is not None and scalar.from_string is not None:
            return scalar.from_string.format(imports.ref(scalar.module, scalar.name),
                                             json.dumps(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _bound(value: int | float | str, imports: Imports) -> str:
    if isinstance(value, str):
        return f"{imports.ref('decimal', 'Decimal')}({json.dumps(value)})"
    return repr(value)


@dataclass
class Annotation:
    """An annotation: a type, with `Field(...)` metadata when it has any."""

    base: str
    keywords: list[tuple[str, str]]  # Field keyword -> Python code (`description` apart)
    description: str | None = None
    annotated: str = "Annotated"  # local names of typing.Annotated and pydantic.Field
    field_call: str = "Field"

    def _arguments(self, indent: str | None) -> list[tuple[str, str]]:
        if self.description is None:
            return self.keywords
        text = (json.dumps(self.description, ensure_ascii=False) if indent is None
                else string_literal(self.description, indent))
        alias = [kv for kv in self.keywords if kv[0] == "alias"]
        rest = [kv for kv in self.keywords if kv[0] != "alias"]
        return [*alias, ("description", text), *rest]

    def inline(self) -> str:
        if not self.keywords and self.description is None:
            return self.base
        keywords = ", ".join(f"{k}={v}" for k, v in self._arguments(None))
        return f"{self.annotated}[{self.base}, {self.field_call}({keywords})]"

    def block(self, indent: str) -> str:
        """The same annotation over several lines, continuation lines at `indent`."""
        if not self.keywords and self.description is None:
            return self.base
        inner = indent + "        "
        lines = "".join(f"{inner}{k}={v},\n" for k, v in self._arguments(inner))
        return (f"{self.annotated}[\n{indent}    {self.base},\n{indent}    {self.field_call}(\n"
                f"{lines}{indent}    ),\n{indent}]")


def annotation(f: IRField, imports: Imports, python_name: str) -> Annotation:
    """The annotation of a field or parameter called `python_name` in Python: its type,
    wrapped in Annotated when it has metadata (an alias when the names differ)."""
    base = type_text(f.type, imports)
    args: list[tuple[str, str]] = []
    if python_name != f.name:
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


def declaration(name: str, ann: Annotation, default: str | None, indent: str,
                width: int) -> str:
    """`name: T = default` at `indent`, the annotation spread over lines when the line
    would pass `width` (the default stays on the closing line)."""
    tail = "" if default is None else f" = {default}"
    line = f"{indent}{name}: {ann.inline()}{tail}"
    if len(line) <= width:
        return line
    return f"{indent}{name}: {ann.block(indent)}{tail}"
