"""Judging a form through a real `django.forms.Form`: built from the IR, or the author's.

`django_form_for` builds the form class of a form's IR; an author may subclass it
(`clean_<field>`, `clean`, more validators) and register the subclass. Validation runs
Django's own machinery field by field (`Field.clean`, then `clean_<field>`, then the
form's `clean` and `_post_clean`), so the author's code sees `cleaned_data`, `add_error`
and `errors` as Django gives them. Errors of the form rule's checks become the
built-in issues; whatever the author raised keeps its own code and message (field
errors on the field, non-field errors on the form, path []).
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict

from mizan_spec.ir import model as irm
from mizan_spec.runtime.call import Call
from mizan_spec.runtime.forms.django_fields import RULE_CODE, conform, field_for
from mizan_spec.runtime.forms.judged import FormErrors, Judged, builtin_issue, own_issue
from mizan_spec.runtime.forms.reading import BLANK, Read
from mizan_spec.runtime.forms.schema import enum_of
from mizan_spec.runtime.typemap import RegistrationError

_DJANGO_CHECKS = ("required", "invalid_choice")


def choices(enum: irm.Enum) -> list[tuple[str, str]]:
    return [(m.name, m.label if m.label is not None else m.name) for m in enum.members]


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_")) + "Form"


def django_form_for(form: irm.Form, enums: Iterable[irm.Enum | type[enum.Enum]] = (),
                    ) -> type[forms.Form]:
    """A `django.forms.Form` class with the form's fields, in order (choice fields pick
    from `enums`: IR enums or Python enum classes)."""
    return _form_class(form, {e.name: e for e in (
        x if isinstance(x, irm.Enum) else enum_of(x) for x in enums)})


def _form_class(form: irm.Form, enums: Mapping[str, irm.Enum]) -> type[forms.Form]:
    attrs: dict[str, Any] = {
        f.name: field_for(f, choices(enums[f.enum]) if f.enum is not None else [])
        for f in form.fields}
    attrs["__doc__"] = form.doc
    attrs["__module__"] = __name__
    return type(_class_name(form.name), (forms.Form,), attrs)


def _text(error: ValidationError) -> str:
    message = error.message
    if error.params:
        with contextlib.suppress(TypeError, KeyError, ValueError):
            message = message % error.params
    return str(message)


def _first(error: ValidationError) -> ValidationError:
    return error.error_list[0] if hasattr(error, "error_list") else error


class DjangoEngine:
    """One form, judged by a Django form class (the author's subclass, if given)."""

    synchronous = True

    def __init__(self, form: irm.Form, enums: Mapping[str, irm.Enum],
                 form_class: type[forms.Form] | None = None) -> None:
        self.form = form
        self.form_class = form_class or _form_class(form, enums)
        self.members = {f.name: tuple(m.name for m in enums[f.enum].members)
                        for f in form.fields if f.enum is not None}
        declared = list(self.form_class.base_fields)
        if declared != [f.name for f in form.fields]:
            raise RegistrationError(
                f"form {form.name!r}: the Django form {self.form_class.__name__} has the "
                f"fields {declared}, not {[f.name for f in form.fields]}")
        for spec in form.fields:
            conform(self.form_class.base_fields[spec.name], spec,
                    self.members.get(spec.name, ()))

    def _field_issue(self, spec: irm.FormField, error: ValidationError) -> Any:
        code = error.code or ""
        if code.startswith(RULE_CODE):
            return builtin_issue(spec, code[len(RULE_CODE):])
        if code in _DJANGO_CHECKS:
            return builtin_issue(spec, code, self.members.get(spec.name, ()))
        return own_issue(spec.name, error.code, _text(error))

    def judge(self, values: Read, *, partial: bool, call: Call) -> Judged:
        judged = Judged()
        given = {name: None if v is BLANK else v for name, v in values.values.items()}
        bound = self.form_class(data=given)
        bound.mizan_call = call  # type: ignore[attr-defined]
        bound._errors = ErrorDict()  # type: ignore[attr-defined]
        bound.cleaned_data = {}
        for spec in self.form.fields:
            name = spec.name
            if name in values.problems:
                issue = builtin_issue(spec, values.problems[name], self.members.get(name, ()))
                judged.add(name, issue)
                bound.add_error(name, ValidationError(issue.message, code=issue.code))
                continue
            if partial and name not in values.values:
                continue
            try:
                bound.cleaned_data[name] = bound.fields[name].clean(given.get(name))
            except ValidationError as e:
                judged.add(name, self._field_issue(spec, _first(e)))
                bound.add_error(name, e)
                continue
            hook = getattr(bound, f"clean_{name}", None)
            if hook is not None:
                try:
                    bound.cleaned_data[name] = hook()
                except ValidationError as e:
                    judged.add(name, own_issue(name, _first(e).code, _text(_first(e))))
                    bound.add_error(name, e)
        if not partial or len(values.values) + len(values.problems) == len(self.form.fields):
            bound._clean_form()  # type: ignore[attr-defined]
            bound._post_clean()  # type: ignore[attr-defined]
            self._collect(bound, judged)
        judged.bound = bound
        if not judged.issues and judged.form_issue is None:
            judged.cleaned = dict(bound.cleaned_data)
        return judged

    def _collect(self, bound: forms.BaseForm, judged: Judged) -> None:
        """What the author's `clean` (or `_post_clean`) added, field by field."""
        for name, errors in bound.errors.as_data().items():
            for error in errors:
                key = None if name == NON_FIELD_ERRORS else name
                judged.add(key, own_issue(key, error.code, _text(error)))

    def submit(self, judged: Judged, call: Call,
               on_submit: Callable[[Call, dict[str, Any]], Any] | None) -> Any:
        """Run the implementation: `on_submit(call, data)`, or else the form's own
        `on_submit_success(request)`; a ValidationError it raises, or an error it adds
        with `add_error`, refuses the submission like `FormErrors`."""
        bound = judged.bound
        before = {name: len(errs) for name, errs in bound.errors.items()}
        try:
            if on_submit is not None:
                result = on_submit(call, judged.cleaned)
            else:
                hook = getattr(bound, "on_submit_success", None)
                result = hook(call.request) if hook is not None else None
        except ValidationError as e:
            bound.add_error(None, e)
            result = None
        added: dict[str | None, Any] = {}
        for name, errors in bound.errors.as_data().items():
            fresh = errors[before.get(name, 0):]
            if fresh:
                key = None if name == NON_FIELD_ERRORS else name
                added[key] = (fresh[0].code or "invalid", _text(fresh[0]))
        if added:
            raise FormErrors(added)
        return result
