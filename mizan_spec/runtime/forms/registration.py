"""`Registry.add_form`: a form's IR, its implementation and its engine, checked together.

The engine is pydantic's unless a Django form is given (`django_form=True` builds one
from the IR; a class, say the author's subclass with `clean_<field>`, is used as it is).
Choice fields pick from enums given as IR enums or as Python enum classes (a member's
`label`, as Django's `TextChoices` have, is what the form shows).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from pydantic import TypeAdapter

from mizan_spec.ir import model as irm
from mizan_spec.ir.types import format_type
from mizan_spec.runtime.forms.pydantic_engine import PydanticEngine
from mizan_spec.runtime.forms.schema import enum_of
from mizan_spec.runtime.forms.serving import Engine, FormPlan, OnSubmit
from mizan_spec.runtime.typemap import RegistrationError, TypeCollector

EnumSource = irm.Enum | type[enum.Enum]


def _enums(form: irm.Form, sources: Iterable[EnumSource], types: TypeCollector,
           where: str) -> tuple[dict[str, irm.Enum], dict[str, irm.Enum]]:
    """(every enum by name, those given as IR, which the IR must also list)."""
    found: dict[str, irm.Enum] = {}
    given_as_ir: dict[str, irm.Enum] = {}
    for source in sources:
        if isinstance(source, irm.Enum):
            found[source.name] = given_as_ir[source.name] = source
        else:
            types.type_of(source, where)
            found[source.__name__] = enum_of(source)
    for f in form.fields:
        if (f.enum is None) != (f.kind not in ("choice", "choices")):
            raise RegistrationError(f"{where}: field {f.name!r} of kind {f.kind} "
                                    + ("needs an enum" if f.enum is None else "takes no enum"))
        if f.enum is not None and f.enum not in found:
            raise RegistrationError(f"{where}: field {f.name!r} picks from enum {f.enum!r}; "
                                    "pass it in `enums=`")
        if f.kind not in irm.FORM_FIELD_KINDS:
            raise RegistrationError(f"{where}: field {f.name!r} has no kind {f.kind!r}")
    return found, given_as_ir


def _result(form: irm.Form, returns: Any, types: TypeCollector,
            where: str) -> TypeAdapter[Any] | None:
    if returns is None:
        if form.returns is not None:
            raise RegistrationError(f"{where}: it returns {format_type(form.returns)}; give "
                                    "its Python type as `returns=`")
        return None
    t = types.type_of(returns, where)
    if t != form.returns:
        declared = "nothing" if form.returns is None else format_type(form.returns)
        raise RegistrationError(f"{where}: `returns=` is {format_type(t)}, but the form "
                                f"returns {declared}")
    return TypeAdapter(returns)


def form_plan(form: irm.Form, *, on_submit: OnSubmit | None, returns: Any,
              enums: Iterable[EnumSource], django_form: Any, types: TypeCollector,
              ) -> tuple[FormPlan, dict[str, irm.Enum]]:
    """The plan serving `form`, and the enums given as IR (for the registry's IR)."""
    where = f"form {form.name!r}"
    if not form.name.isidentifier():
        raise RegistrationError(f"{where}: a form name must be an identifier")
    found, given_as_ir = _enums(form, enums, types, where)
    result = _result(form, returns, types, where)
    engine: Engine
    if django_form is None or django_form is False:
        engine = PydanticEngine(form, found)
    else:
        from mizan_spec.runtime.forms.django_engine import DjangoEngine
        engine = DjangoEngine(form, found, None if django_form is True else django_form)
    return FormPlan(form, found, engine, on_submit, result), given_as_ir
