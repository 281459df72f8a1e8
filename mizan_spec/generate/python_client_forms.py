"""The Python client's methods for forms: `NAME_schema()`, `NAME_validate(...)` and
`NAME_submit(...)` per form, each calling the wire function of that name (protocol §12).

`validate` takes any of the fields (partial data: every one may be left out); `submit`
takes the required fields as required keywords and the others as optional ones. Values
are typed by the field's kind as the wire carries them. `schema` and `validate` answer
JSON (the description, `{"valid": ..., "issues": [...]}`); `submit` the form's `returns`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from mizan_spec.check.names import python_param_name
from mizan_spec.ir.model import IR, Form, FormField
from mizan_spec.ir.types import Named, TypeExpr

_KIND_TYPES = {"text": "str", "textarea": "str", "email": "str", "url": "str",
               "integer": "int", "decimal": "decimal.Decimal", "boolean": "bool",
               "date": "datetime.date", "choice": "str", "choices": "list[str]"}
JSON = Named("json")


@dataclass(frozen=True)
class FormParam:
    name: str  # Python
    wire: str
    annotation: str  # without `| Unset`
    optional: bool


@dataclass(frozen=True)
class FormCall:
    method: str  # contact_submit
    wire: str  # contact.submit
    doc: str
    params: tuple[FormParam, ...]
    returns: TypeExpr | None  # None: JSON null


def _param(f: FormField, optional: bool) -> FormParam:
    annotation = _KIND_TYPES[f.kind]
    if not f.required and f.kind not in ("boolean", "choices"):
        annotation += " | None"
    return FormParam(python_param_name(f.name), f.name, annotation, optional)


def _doc(*paragraphs: str) -> str:
    """Paragraphs wrapped to fit a method's docstring (indented 8)."""
    return "\n\n".join("\n".join(textwrap.wrap(p, 85, break_long_words=False,
                                               break_on_hyphens=False))
                       for p in paragraphs)


def _calls(form: Form) -> list[FormCall]:
    title = form.title
    return [
        FormCall(f"{form.name}_schema", f"{form.name}.schema",
                 _doc(f"The description of the form `{title}`: fields, labels, choices."),
                 (), JSON),
        FormCall(f"{form.name}_validate", f"{form.name}.validate",
                 _doc(f"Check values of the form `{title}` without submitting them (any "
                      "of its fields).", '`{"valid": ..., "issues": [...]}`.'),
                 tuple(_param(f, True) for f in form.fields), JSON),
        FormCall(f"{form.name}_submit", f"{form.name}.submit",
                 _doc(*(form.doc or f"Submit the form `{title}`.").split("\n\n")),
                 tuple(_param(f, not f.required) for f in form.fields), form.returns),
    ]


def form_calls(ir: IR) -> list[FormCall]:
    return [call for form in ir.forms for call in _calls(form)]


def form_stdlib(ir: IR) -> set[str]:
    """The standard modules the form methods' annotations use."""
    kinds = {f.kind for form in ir.forms for f in form.fields}
    return ({"datetime"} if "date" in kinds else set()) | (
        {"decimal"} if "decimal" in kinds else set())
