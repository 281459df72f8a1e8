"""What `<form>.schema` answers: a description a UI renders the form from, without the spec.

Built once per form from its IR (and the enums its choice fields pick from); every
member is always present, in this order (spec/protocol.md §12.1).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from mizan_spec.ir import model as irm

WIDGETS: dict[str, str] = {
    "text": "text", "textarea": "textarea", "email": "email", "url": "url",
    "integer": "number", "decimal": "number", "boolean": "checkbox", "date": "date",
    "choice": "select", "choices": "select-multiple",
}
"""The widget of each kind (the kind decides it; HTML input types where one fits)."""


def enum_of(cls: type[enum.Enum]) -> irm.Enum:
    """An enum class as the form sees it: members by value, labels from `.label`."""
    members = []
    for m in cls:
        label = getattr(m, "label", None)
        members.append(irm.EnumMember(str(m.value), label=label if isinstance(label, str)
                                      and label != m.value else None))
    return irm.Enum(cls.__name__, tuple(members))


def choices_of(enum: irm.Enum) -> list[dict[str, str]]:
    return [{"value": m.name, "label": m.label if m.label is not None else m.name}
            for m in enum.members]


def _initial(field: irm.FormField) -> Any:
    if not field.has_initial:
        return None
    return list(field.initial) if isinstance(field.initial, tuple) else field.initial


def _field(field: irm.FormField, enums: Mapping[str, irm.Enum]) -> dict[str, Any]:
    c = field.constraints
    return {
        "name": field.name, "kind": field.kind, "widget": WIDGETS[field.kind],
        "label": field.label, "help": field.help, "placeholder": field.placeholder,
        "required": field.required,
        "constraints": {"min_length": c.min_length, "max_length": c.max_length,
                        "pattern": c.pattern, "min": c.min, "max": c.max},
        "choices": choices_of(enums[field.enum]) if field.enum is not None else None,
        "initial": _initial(field),
    }


def form_schema(form: irm.Form, enums: Mapping[str, irm.Enum]) -> dict[str, Any]:
    return {"name": form.name, "title": form.title, "submit_label": form.submit_label,
            "doc": form.doc, "fields": [_field(f, enums) for f in form.fields]}
