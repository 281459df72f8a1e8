"""Reading a form's field values off the wire, before any engine judges them.

Framework-neutral and shared by both engines, so that they see the same values: each
sent value is checked for its JSON type (by the field's kind), text is stripped, blank
values (null, "" after stripping, an empty list) are told apart, and keys that are no
field are collected. What the value must satisfy beyond that (required, constraints,
choices, the email/URL rule, the author's own checks) is the engine's job.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
from dataclasses import dataclass
from typing import Any

from mizan_spec.ir import form_input as rule
from mizan_spec.ir import model as irm

_DECIMAL = re.compile(rule.DECIMAL_PATTERN)
_DATE = re.compile(rule.DATE_PATTERN)


class _Blank:
    def __repr__(self) -> str:
        return "BLANK"


BLANK: Any = _Blank()
"""A field that was sent without a value (null, blank text, an empty list)."""


@dataclass(frozen=True)
class Read:
    """The fields as sent: `values` holds each present field's value (or BLANK),
    `problems` the check each unusable value fails (`wrong_type`, `not_finite`, `invalid`;
    `invalid_choice` for a list holding something else than strings),
    `unknown` the keys that are no field, in the order sent."""

    values: dict[str, Any]
    problems: dict[str, str]
    unknown: tuple[str, ...]


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        raise _Unusable("wrong_type")
    if "\x00" in value:
        raise _Unusable("invalid")
    value = rule.strip_whitespace(value)
    return value if value else BLANK


def _integer(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Unusable("wrong_type")
    return value


def _decimal(value: Any) -> Any:
    if isinstance(value, bool):
        raise _Unusable("wrong_type")
    if isinstance(value, int):
        return decimal.Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Unusable("not_finite")
        return decimal.Decimal(repr(value))
    if not isinstance(value, str):
        raise _Unusable("wrong_type")
    value = rule.strip_whitespace(value)
    if not value:
        return BLANK
    if _DECIMAL.fullmatch(value) is None:
        raise _Unusable("wrong_type")
    return decimal.Decimal(value)


def _boolean(value: Any) -> Any:
    if not isinstance(value, bool):
        raise _Unusable("wrong_type")
    return value


def _date(value: Any) -> Any:
    if not isinstance(value, str):
        raise _Unusable("wrong_type")
    value = rule.strip_whitespace(value)
    if not value:
        return BLANK
    if _DATE.fullmatch(value) is None:
        raise _Unusable("wrong_type")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _Unusable("wrong_type") from None


def _choice(value: Any) -> Any:
    if not isinstance(value, str):
        raise _Unusable("wrong_type")
    return value if value else BLANK


def _choices(value: Any) -> Any:
    if not isinstance(value, list):
        raise _Unusable("wrong_type")
    if not all(isinstance(v, str) for v in value):
        raise _Unusable("invalid_choice")
    return list(value) if value else BLANK


_READERS = {"text": _text, "textarea": _text, "email": _text, "url": _text,
            "integer": _integer, "decimal": _decimal, "boolean": _boolean, "date": _date,
            "choice": _choice, "choices": _choices}


class _Unusable(Exception):
    def __init__(self, code: str) -> None:
        self.code = code


def read(form: irm.Form, data: dict[str, Any]) -> Read:
    """Every field of `form` found in `data`, read by its kind."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for field in form.fields:
        if field.name not in data:
            continue
        value = data[field.name]
        try:
            values[field.name] = BLANK if value is None else _READERS[field.kind](value)
        except _Unusable as e:
            problems[field.name] = e.code
    names = {f.name for f in form.fields}
    return Read(values, problems, tuple(k for k in data if k not in names))
