"""The OpenAPI side of forms: each form's `schema`, `validate` and `submit` as variants
of the `call/` body (spec/protocol.md §12), with the args and replies as served.

The args of `validate` and `submit` hold the field values by name, each of the JSON type
its kind accepts, null included (blank); none is required by the body's shape: a
missing, blank or invalid value is a field issue (`validate` lists them, `submit`
refuses with them, 422), as is an unknown key. `schema` answers the form's description,
`validate` `{"valid", "issues"}`, `submit` the form's `returns` (or null).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mizan_spec.generate.python.schema import type_schema
from mizan_spec.ir.model import IR, Form, FormField

_ACCEPTED: dict[str, dict[str, Any]] = {
    "text": {"type": ["string", "null"]}, "textarea": {"type": ["string", "null"]},
    "email": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
    "integer": {"type": ["integer", "null"]},
    "decimal": {"type": ["number", "string", "null"]},
    "boolean": {"type": ["boolean", "null"]},
    "date": {"type": ["string", "null"], "format": "date"},
    "choice": {"type": ["string", "null"]},
    "choices": {"type": ["array", "null"], "items": {"type": "string"}},
}


@dataclass(frozen=True)
class FormOperation:
    """One wire function of a form, as the `call/` body and reply describe it."""

    name: str  # contact.submit
    description: str
    args: dict[str, Any]  # the `args` schema
    result: dict[str, Any]  # the `result` schema, refs to `#/$defs/` as type_schema gives


def _field(f: FormField) -> dict[str, Any]:
    schema = dict(_ACCEPTED[f.kind])
    facts = [f.label, "required" if f.required else "optional"]
    if f.enum is not None:
        facts.append(f"a member of {f.enum}")
    schema["description"] = "; ".join(facts)
    return schema


def _args(form: Form, suffix: str) -> dict[str, Any]:
    return {"type": "object", "title": f"{form.name}.{suffix} arguments",
            "properties": {f.name: _field(f) for f in form.fields}}


_VALIDATED = {"type": "object", "required": ["valid", "issues"], "properties": {
    "valid": {"type": "boolean"},
    "issues": {"type": "array", "items": {"$ref": "#/$defs/mizan.Issue"}}}}


def _operations(form: Form) -> list[FormOperation]:
    auth = f"\n\nauth: {form.auth}" if form.auth != "public" else ""
    title = f"Form `{form.title}`"
    return [
        FormOperation(f"{form.name}.schema", f"{title}: its description (fields in order, "
                      f"kinds, labels, widgets, constraints, choices, initial values).{auth}",
                      {"type": "object", "title": f"{form.name}.schema arguments"},
                      {"type": "object"}),
        FormOperation(f"{form.name}.validate", f"{title}: the field issues of partial "
                      f"values, without side effects.{auth}", _args(form, "validate"),
                      _VALIDATED),
        FormOperation(f"{form.name}.submit", f"{title}: validates, then submits "
                      f"(422 with the field issues when refused).{auth}",
                      _args(form, "submit"),
                      {"type": "null"} if form.returns is None else type_schema(form.returns)),
    ]


def form_operations(ir: IR) -> list[FormOperation]:
    return [op for form in ir.forms for op in _operations(form)]
