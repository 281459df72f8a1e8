"""A form served as its three wire functions: `<name>.schema`, `.validate`, `.submit`.

`form_entries` turns one form (its IR, the enums it picks from, an engine and the
implementation's `on_submit`) into three registry entries the protocol calls like any
server function. They take the args object as it was sent (packed as `data`), since
what a field may hold is the form's business, not a parameter list's.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, TypeAdapter, create_model, model_validator
from pydantic.fields import FieldInfo

from mizan_spec.ir import model as irm
from mizan_spec.ir.form_input import UNKNOWN
from mizan_spec.ir.types import Named
from mizan_spec.runtime.call import Call
from mizan_spec.runtime.errors import Issue, ProtocolError
from mizan_spec.runtime.forms.judged import FormErrors, Judged
from mizan_spec.runtime.forms.reading import Read, read
from mizan_spec.runtime.forms.schema import form_schema
from mizan_spec.runtime.registry import Entry, Param
from mizan_spec.runtime.typemap import RegistrationError

log = logging.getLogger("mizan_spec.runtime")

OnSubmit = Callable[[Call, dict[str, Any]], Any]
SUFFIXES = ("schema", "submit", "validate")


class Engine(Protocol):
    """Judges a form's values (read off the wire) and runs the implementation."""

    synchronous: bool  # on_submit must be a `def` (Django's forms and ORM are synchronous)

    def judge(self, values: Read, *, partial: bool, call: Call) -> Judged: ...

    def submit(self, judged: Judged, call: Call, on_submit: OnSubmit | None) -> Any: ...


def wire_names(form_name: str) -> tuple[str, ...]:
    """The wire names of a form's functions (sorted)."""
    return tuple(f"{form_name}.{s}" for s in SUFFIXES)


class _Packed(BaseModel):
    """The args object as sent, as one value: `data`."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    data: dict[str, Any]

    @model_validator(mode="before")
    @classmethod
    def _pack(cls, value: Any) -> Any:
        return {"data": value} if isinstance(value, dict) else value


_CALL_MODEL = create_model("form__call", __config__=ConfigDict(extra="forbid"),
                           function=(str, ...), args=(_Packed, ...))
_DATA = Param("data", dict[str, Any], FieldInfo(annotation=dict[str, Any]),
              irm.Field("data", Named("json")))
_ANY: TypeAdapter[Any] = TypeAdapter(Any)


def issues_of(form: irm.Form, judged: Judged, values: Read) -> list[Issue]:
    """One issue per field in field order, the form's own, then each unknown key."""
    out = [judged.issues[f.name] for f in form.fields if f.name in judged.issues]
    if judged.form_issue is not None:
        out.append(judged.form_issue)
    out.extend(Issue((k,), "unknown_field", UNKNOWN) for k in values.unknown)
    return out


def refused(issues: list[Issue]) -> ProtocolError:
    n = len(issues)
    return ProtocolError("invalid_args", f"{n} invalid argument{'s' if n != 1 else ''}",
                         tuple(issues))


@dataclass
class FormPlan:
    """Everything needed to serve one form."""

    form: irm.Form
    enums: Mapping[str, irm.Enum]
    engine: Engine
    on_submit: OnSubmit | None
    result: TypeAdapter[Any] | None  # the `returns` type; None: submit answers null

    def schema(self, call: Call, /, data: dict[str, Any]) -> Any:
        return self._schema

    def __post_init__(self) -> None:
        self._schema = form_schema(self.form, self.enums)

    def validate(self, call: Call, /, data: dict[str, Any]) -> Any:
        values = read(self.form, data)
        issues = issues_of(self.form, self.engine.judge(values, partial=True, call=call),
                           values)
        return {"valid": not issues, "issues": [i.to_wire() for i in issues]}

    def _judge_submission(self, call: Call, data: dict[str, Any]) -> Judged:
        values = read(self.form, data)
        judged = self.engine.judge(values, partial=False, call=call)
        issues = issues_of(self.form, judged, values)
        if issues:
            raise refused(issues)
        return judged

    def _refusal(self, errors: FormErrors) -> ProtocolError:
        judged = Judged()
        errors.add_to(self.form, judged)
        return refused(issues_of(self.form, judged, Read({}, {}, ())))

    def _outcome(self, value: Any) -> Any:
        return None if self.result is None else self.result.validate_python(value)

    def submit(self, call: Call, /, data: dict[str, Any]) -> Any:
        judged = self._judge_submission(call, data)
        try:
            value = self.engine.submit(judged, call, self.on_submit)
        except FormErrors as errors:
            raise self._refusal(errors) from None
        return self._outcome(value)

    async def submit_async(self, call: Call, /, data: dict[str, Any]) -> Any:
        judged = self._judge_submission(call, data)
        assert self.on_submit is not None
        try:
            value = await self.on_submit(call, judged.cleaned)
        except FormErrors as errors:
            raise self._refusal(errors) from None
        return self._outcome(value)


def form_entries(plan: FormPlan) -> list[Entry]:
    """The three entries serving `plan`, named by their wire names."""
    form = plan.form
    is_async = plan.on_submit is not None and inspect.iscoroutinefunction(plan.on_submit)
    if is_async and plan.engine.synchronous:
        raise RegistrationError(f"form {form.name!r}: on_submit must be a `def` when a Django "
                                "form validates (Django's forms and ORM are synchronous)")
    fns: dict[str, tuple[Callable[..., Any], bool, TypeAdapter[Any] | None]] = {
        "schema": (plan.schema, False, _ANY), "validate": (plan.validate, False, _ANY),
        "submit": (plan.submit_async if is_async else plan.submit, is_async, plan.result)}
    entries = []
    for suffix in SUFFIXES:
        fn, run_async, result = fns[suffix]
        name = f"{form.name}.{suffix}"
        entries.append(Entry(fn, irm.Function(name, doc=form.doc, auth=form.auth), (_DATA,), (),
                             run_async, _Packed, _CALL_MODEL, result, form=form.name))
    return entries
