"""Judging a form through pydantic: a model built from the form's IR.

The model holds each field with its constraints; values come already read
(`reading`), and pydantic's errors are turned into the protocol's issue codes by the
runtime's one mapping (`errors.issue_from`), with the messages of `form_input`. The
checks pydantic would run in another order than the form rule (a list's length
before its members) are validators that run after the type, so the order is the
rule's on every engine.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic_core import PydanticCustomError

from mizan_spec.ir import model as irm
from mizan_spec.ir.formats import is_email, is_url
from mizan_spec.ir.patterns import python_source
from mizan_spec.runtime.call import Call
from mizan_spec.runtime.errors import issue_from
from mizan_spec.runtime.forms.judged import Judged, builtin_issue
from mizan_spec.runtime.forms.reading import BLANK, Read

_BASE = {"text": str, "textarea": str, "email": str, "url": str, "integer": int,
         "decimal": decimal.Decimal, "boolean": bool}
_FORMAT = {"email": is_email, "url": is_url}


def _format_check(kind: str) -> AfterValidator:
    test = _FORMAT[kind]

    def check(value: str) -> str:
        if not test(value):
            raise PydanticCustomError("mizan_format", "bad format")
        return value
    return AfterValidator(check)


def _count_check(c: irm.Constraints) -> AfterValidator:
    def check(value: list[str]) -> list[str]:
        if c.min_length is not None and len(value) < c.min_length:
            raise PydanticCustomError("too_short", "too few")
        if c.max_length is not None and len(value) > c.max_length:
            raise PydanticCustomError("too_long", "too many")
        return value
    return AfterValidator(check)


def _ticked(value: bool) -> bool:
    if not value:
        raise PydanticCustomError("missing", "not ticked")
    return value


def _bound(value: int | float | str | None, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date":
        return datetime.date.fromisoformat(str(value))
    return decimal.Decimal(str(value)) if kind == "decimal" else value


def _annotation(f: irm.FormField, members: tuple[str, ...]) -> Any:
    c = f.constraints
    if f.kind in ("choice", "choices"):
        item: Any = Literal[members]
        if f.kind == "choice":
            return item
        return Annotated[list[item], _count_check(c)]
    if f.kind == "date":
        return Annotated[datetime.date, Field(ge=_bound(c.min, f.kind), le=_bound(c.max, f.kind))]
    base = _BASE[f.kind]
    if f.kind == "boolean":
        return Annotated[bool, AfterValidator(_ticked)] if f.required else bool
    if f.kind in ("integer", "decimal"):
        return Annotated[base, Field(ge=_bound(c.min, f.kind), le=_bound(c.max, f.kind))]
    text: Any = Annotated[str, Field(min_length=c.min_length, max_length=c.max_length,
                                     pattern=None if c.pattern is None
                                     else python_source(c.pattern))]
    return Annotated[text, _format_check(f.kind)] if f.kind in _FORMAT else text


def _blank(f: irm.FormField) -> Any:
    """What a blank optional field cleans to."""
    return False if f.kind == "boolean" else [] if f.kind == "choices" else None


class PydanticEngine:
    """One form, judged by a pydantic model (built once)."""

    synchronous = False

    def __init__(self, form: irm.Form, enums: Mapping[str, irm.Enum]) -> None:
        self.form = form
        self.members = {f.name: tuple(m.name for m in enums[f.enum].members)
                        for f in form.fields if f.enum is not None}
        fields: dict[str, Any] = {}
        for i, f in enumerate(form.fields):
            ann = _annotation(f, self.members.get(f.name, ()))
            if not f.required and f.kind not in ("boolean", "choices"):
                ann = ann | None
            default = ... if f.required else _blank(f)
            fields[f"f{i}"] = (ann, Field(default, alias=f.name))
        self.model: type[BaseModel] = create_model(
            f"{form.name}__form", __config__=ConfigDict(
                strict=True, extra="ignore", regex_engine="python-re"), **fields)

    def judge(self, values: Read, *, partial: bool, call: Call) -> Judged:
        judged = Judged()
        by_name = {f.name: f for f in self.form.fields}
        for name, code in values.problems.items():
            judged.add(name, builtin_issue(by_name[name], code, self.members.get(name, ())))
        # pydantic judges the usable values; a blank optional field is given its blank
        # value, a blank required one is left out (pydantic's `missing`: `required`)
        given = {}
        for f in self.form.fields:
            value = values.values.get(f.name, BLANK)
            if f.name in values.problems or value is BLANK:
                if not f.required and f.name in values.values:
                    given[f.name] = _blank(f)
                continue
            given[f.name] = value
        try:
            model = self.model.model_validate(given, by_alias=True, by_name=False)
        except ValidationError as err:
            for e in err.errors(include_url=False, include_input=False):
                name = str(e["loc"][0])
                f = by_name[name]
                if name in values.problems or (partial and name not in values.values):
                    continue  # reported already, or absent from a partial form
                check = "format" if e["type"] == "mizan_format" else issue_from(
                    {**e, "loc": (name,)}).code
                judged.add(name, builtin_issue(f, check, self.members.get(name, ())))
            return judged
        if not judged.issues:
            judged.cleaned = {f.name: getattr(model, f"f{i}")
                              for i, f in enumerate(self.form.fields)
                              if not partial or f.name in values.values}
        return judged

    def submit(self, judged: Judged, call: Call, on_submit: Any) -> Any:
        return None if on_submit is None else on_submit(call, judged.cleaned)
