"""The IR model: the whole resolved spec as immutable values.

It is what `mizan-spec ir` writes, what generators read, and what a decorator-first
registry exports. Order is canonical: declarations sorted by name; fields, params and
enum members in declaration order (they carry meaning).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from mizan_spec.ir.levels import AUTH_AUTHENTICATED as AUTH_AUTHENTICATED
from mizan_spec.ir.levels import AUTH_LEVELS as AUTH_LEVELS
from mizan_spec.ir.levels import AUTH_PUBLIC as AUTH_PUBLIC
from mizan_spec.ir.levels import AUTH_STAFF as AUTH_STAFF
from mizan_spec.ir.levels import AUTH_SUPERUSER as AUTH_SUPERUSER
from mizan_spec.ir.levels import GLOBAL_CONTEXT as GLOBAL_CONTEXT
from mizan_spec.ir.types import TypeExpr

IR_VERSION = 1

Scalar = int | float | str | bool | None


@dataclass(frozen=True)
class Constraints:
    min: int | float | str | None = None  # str for decimal bounds, kept exact
    max: int | float | str | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Field:
    """A struct field or a function parameter."""

    name: str
    type: TypeExpr
    doc: str | None = None
    has_default: bool = False
    default: Scalar = None
    constraints: Constraints = field(default_factory=Constraints)


@dataclass(frozen=True)
class Struct:
    name: str
    fields: tuple[Field, ...]
    doc: str | None = None
    shared_by: tuple[str, ...] = ()  # functions whose signature reaches this type, sorted


@dataclass(frozen=True)
class EnumMember:
    name: str
    doc: str | None = None
    label: str | None = None  # what a form shows for this choice; None: the name


@dataclass(frozen=True)
class Enum:
    name: str
    members: tuple[EnumMember, ...]
    doc: str | None = None
    shared_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Predicate:
    """A named auth predicate the implementation supplies."""

    name: str
    doc: str | None = None


@dataclass(frozen=True)
class Context:
    name: str
    members: tuple[str, ...]  # function names, sorted
    doc: str | None = None


@dataclass(frozen=True)
class Function:
    name: str
    params: tuple[Field, ...] = ()
    returns: TypeExpr | None = None  # None: the function returns JSON null
    doc: str | None = None
    context: str | None = None
    auth: str = AUTH_PUBLIC
    websocket: bool = False
    route: str | None = None
    rev: int = 1
    affects_contexts: tuple[str, ...] = ()  # sorted
    affects_functions: tuple[str, ...] = ()  # sorted
    cache: int | None = None  # seconds a result is kept by the server cache; None: not cached


FORM_FIELD_KINDS: tuple[str, ...] = ("text", "textarea", "email", "url", "integer", "decimal",
                                      "boolean", "date", "choice", "choices")
"""What a form field holds and how it is shown (a widget follows from the kind)."""

FormInitial = Scalar | tuple[str, ...]
"""A form field's initial value: a scalar, or the chosen members of a `choices` field."""


@dataclass(frozen=True)
class FormField:
    """One field of a form, in declaration order."""

    name: str
    kind: str  # one of FORM_FIELD_KINDS
    label: str
    doc: str | None = None
    required: bool = True
    help: str | None = None
    placeholder: str | None = None
    has_initial: bool = False
    initial: FormInitial = None
    enum: str | None = None  # the enum a `choice` / `choices` field picks from
    constraints: Constraints = field(default_factory=Constraints)


@dataclass(frozen=True)
class Form:
    """A form: served as the three functions `<name>.schema`, `.validate`, `.submit`."""

    name: str
    fields: tuple[FormField, ...]
    title: str
    submit_label: str
    doc: str | None = None
    auth: str = AUTH_PUBLIC
    returns: TypeExpr | None = None  # what `submit` returns; None: JSON null


@dataclass(frozen=True)
class Channel:
    """A pub/sub channel: subscribers pick a group by its params and receive `message`s."""

    name: str
    message: TypeExpr  # what the server pushes to subscribers
    params: tuple[Field, ...] = ()  # they select the group; scalars only
    doc: str | None = None
    auth: str = AUTH_PUBLIC
    send: TypeExpr | None = None  # what clients may send to it; None: clients only listen


@dataclass(frozen=True)
class IR:
    enums: tuple[Enum, ...] = ()
    structs: tuple[Struct, ...] = ()
    predicates: tuple[Predicate, ...] = ()
    contexts: tuple[Context, ...] = ()
    functions: tuple[Function, ...] = ()
    channels: tuple[Channel, ...] = ()
    forms: tuple[Form, ...] = ()
    version: int = IR_VERSION

    @functools.cached_property
    def _index(self) -> tuple[dict[str, Function], dict[str, Struct], dict[str, Enum],
                              dict[str, Context]]:
        """Each kind of declaration by name, built once (the IR is immutable)."""
        return ({f.name: f for f in self.functions}, {s.name: s for s in self.structs},
                {e.name: e for e in self.enums}, {c.name: c for c in self.contexts})

    def function(self, name: str) -> Function | None:
        return self._index[0].get(name)

    def struct(self, name: str) -> Struct | None:
        return self._index[1].get(name)

    def enum(self, name: str) -> Enum | None:
        return self._index[2].get(name)

    def context(self, name: str) -> Context | None:
        return self._index[3].get(name)
