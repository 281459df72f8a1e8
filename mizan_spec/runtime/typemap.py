"""Python annotations to IR type expressions, collecting the models and enums they reach.

Supported: pydantic v2 models, str-valued `enum.Enum` subclasses, int float str bool
date datetime UUID Decimal, `Email` and `Url` (`runtime.scalars`), `typing.Any` (IR
`json`), `list[T]`, `dict[str, T]`, `T | None`, and `Annotated[T, ...]` (other metadata
read by the caller).
"""

from __future__ import annotations

import datetime
import decimal
import enum
import inspect
import types
import typing
import uuid
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mizan_spec.ir import model as irm
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr
from mizan_spec.runtime.member_docs import member_docs
from mizan_spec.runtime.redefinition import redefines
from mizan_spec.runtime.scalars import scalar_of


class RegistrationError(Exception):
    """A server function, model or context breaks a rule of the Mizan language."""


_SCALARS: tuple[tuple[type, str], ...] = (
    (bool, "bool"), (int, "int"), (float, "float"), (str, "str"),
    (datetime.datetime, "datetime"), (datetime.date, "date"), (uuid.UUID, "uuid"),
    (decimal.Decimal, "decimal"),
)


def _doc(obj: Any) -> str | None:
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return inspect.cleandoc(doc) if isinstance(doc, str) and doc.strip() else None


def _label(member: enum.Enum) -> str | None:
    """A member's `.label`, as Django's `TextChoices` give every member (a lazy
    translation reads as its text); None for enums without labels."""
    label = getattr(member, "label", None)
    return None if label is None or isinstance(label, enum.Enum) else str(label)


def is_nullable(t: TypeExpr) -> bool:
    return isinstance(t, Optional)


def annotation_is_nullable(ann: Any) -> bool:
    """`T | None` (also `Any | None`, whose IR type is plain `json`)."""
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return annotation_is_nullable(typing.get_args(ann)[0])
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(ann)


def canonical_decimal(d: decimal.Decimal) -> str:
    """The IR's spelling of a decimal, as the spec checker writes it: plain notation, no
    trailing zeros (`1.5`, `0`, `100`)."""
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def ir_scalar(value: Any, t: TypeExpr, where: str) -> irm.Scalar:
    """A Python default as an IR scalar: enums by value, decimals/dates/uuids as text,
    ints widened to float for float types."""
    base = t.inner if isinstance(t, Optional) else t
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, int) and isinstance(base, Named) and base.name == "float":
        return float(value)
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return canonical_decimal(value)
    if isinstance(base, Named) and base.name == "decimal" and isinstance(value, int | float | str):
        try:
            return canonical_decimal(decimal.Decimal(str(value)))
        except decimal.InvalidOperation:
            raise RegistrationError(f"{where}: default {value!r} is not a decimal") from None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise RegistrationError(f"{where}: default {value!r} is not a scalar; the IR allows "
                            "only null, booleans, numbers and strings as defaults")


def bound(value: Any, t: TypeExpr) -> int | float | str:
    base = t.inner if isinstance(t, Optional) else t
    if isinstance(value, decimal.Decimal) or (isinstance(base, Named) and base.name == "decimal"):
        return canonical_decimal(decimal.Decimal(str(value)))
    if isinstance(value, int) and isinstance(base, Named) and base.name == "float":
        return float(value)
    if isinstance(value, int | float):
        return value
    raise RegistrationError(f"bound {value!r} is not a number")


def constraints_of(info: FieldInfo, t: TypeExpr, where: str) -> irm.Constraints:
    lo = hi = lo_len = hi_len = pattern = None
    for m in info.metadata:
        if isinstance(m, annotated_types.Ge):
            lo = bound(m.ge, t)
        elif isinstance(m, annotated_types.Le):
            hi = bound(m.le, t)
        elif isinstance(m, annotated_types.Gt | annotated_types.Lt):
            raise RegistrationError(f"{where}: gt/lt bounds have no IR form; use ge/le")
        elif isinstance(m, annotated_types.MinLen):
            lo_len = m.min_length
        elif isinstance(m, annotated_types.MaxLen):
            hi_len = m.max_length
        elif getattr(m, "pattern", None) is not None:
            pattern = str(m.pattern)
    return irm.Constraints(lo, hi, lo_len, hi_len, pattern)


class TypeCollector:
    """Maps annotations to type expressions; remembers each model and enum reached."""

    def __init__(self) -> None:
        self.structs: dict[str, irm.Struct] = {}
        self.enums: dict[str, irm.Enum] = {}
        self._classes: dict[str, type] = {}

    def _claim(self, cls: type) -> bool:
        """True if `cls` still needs describing; error on two classes with one name."""
        seen = self._classes.get(cls.__name__)
        if seen is cls:
            return False
        if seen is not None and not redefines(cls, seen):  # a re-import replaces it
            raise RegistrationError(f"two different types are named {cls.__name__!r} "
                                    f"({seen.__module__} and {cls.__module__})")
        self._classes[cls.__name__] = cls
        return True

    def type_of(self, ann: Any, where: str) -> TypeExpr:
        if ann is Any:
            return Named("json")
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            scalar = scalar_of(typing.get_args(ann)[1:])
            return Named(scalar) if scalar else self.type_of(typing.get_args(ann)[0], where)
        if origin in (typing.Union, types.UnionType):
            args = typing.get_args(ann)
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1 or len(args) != 2:
                raise RegistrationError(f"{where}: only `T | None` unions are supported")
            inner = self.type_of(rest[0], where)
            return inner if inner == Named("json") else Optional(inner)  # `json?` is `json`
        if origin is list:
            (item,) = typing.get_args(ann) or (Any,)
            return ListOf(self.type_of(item, where))
        if origin is dict:
            key, value = typing.get_args(ann) or (str, Any)
            if key is not str:
                raise RegistrationError(f"{where}: dict keys must be str")
            return DictOf(Named("str"), self.type_of(value, where))
        if isinstance(ann, type):
            for cls, name in _SCALARS:
                if ann is cls:
                    return Named(name)
            if issubclass(ann, enum.Enum):
                return self._enum(ann, where)
            if issubclass(ann, BaseModel):
                return self._struct(ann)
        raise RegistrationError(f"{where}: unsupported type {ann!r}")

    def _enum(self, cls: type[enum.Enum], where: str) -> Named:
        if self._claim(cls):
            values = [m.value for m in cls]
            docs = member_docs(cls)
            if not values or not all(isinstance(v, str) for v in values):
                raise RegistrationError(f"{where}: enum {cls.__name__} must have str values")
            self.enums[cls.__name__] = irm.Enum(
                cls.__name__, tuple(irm.EnumMember(m.value, docs.get(m.value), _label(m))
                                    for m in cls), _doc(cls))
        return Named(cls.__name__)

    def _struct(self, cls: type[BaseModel]) -> Named:
        if self._claim(cls):
            fields = []
            for py_name, info in cls.model_fields.items():
                where = f"{cls.__name__}.{py_name}"
                scalar = scalar_of(info.metadata)  # pydantic moves `Annotated` extras there
                t = Named(scalar) if scalar else self.type_of(info.annotation, where)
                fields.append(field_of(info.alias or py_name, t, info, where))
            self.structs[cls.__name__] = irm.Struct(cls.__name__, tuple(fields), _doc(cls))
        return Named(cls.__name__)


def field_of(name: str, t: TypeExpr, info: FieldInfo, where: str) -> irm.Field:
    """An IR field/param; nullable without a default gets `default=null`."""
    if info.default_factory is not None:
        raise RegistrationError(f"{where}: default_factory has no IR form; use a scalar default")
    if info.is_required():
        nullable = is_nullable(t) or annotation_is_nullable(info.annotation)
        has_default, default = (True, None) if nullable else (False, None)
    else:
        has_default, default = True, ir_scalar(info.default, t, where)
    return irm.Field(name, t, info.description, has_default, default,
                     constraints_of(info, t, where))
