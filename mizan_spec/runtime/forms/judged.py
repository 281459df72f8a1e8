"""What an engine makes of a form's values, and how its findings become wire issues.

Both engines (pydantic, Django) answer with a `Judged`: at most one issue per field,
at most one for the whole form, and the cleaned values. `FormErrors` is how an
implementation refuses a submission with field errors of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mizan_spec.ir import form_input as rule
from mizan_spec.ir import model as irm
from mizan_spec.runtime.errors import Issue


@dataclass
class Judged:
    """Issues by field name (the first problem of each), one for the form as a whole
    (path []), the cleaned values of the fields that passed, and the engine's own
    object (the bound Django form) for the submit step."""

    issues: dict[str, Issue] = field(default_factory=dict)
    form_issue: Issue | None = None
    cleaned: dict[str, Any] = field(default_factory=dict)
    bound: Any = None

    def add(self, name: str | None, issue: Issue) -> None:
        """Keep the first issue of each field (and of the form)."""
        if name is None:
            if self.form_issue is None:
                self.form_issue = issue
        elif name not in self.issues:
            self.issues[name] = issue


def builtin_issue(field: irm.FormField, check: str, members: tuple[str, ...] = ()) -> Issue:
    """The issue of a built-in check (codes and messages of spec/protocol.md §12.3)."""
    return Issue((field.name,), rule.wire_code(check), rule.message(field, check, members))


def own_issue(name: str | None, code: str | None, message: str) -> Issue:
    """An issue the implementation raised itself (its code, or `invalid`, and text)."""
    return Issue(() if name is None else (name,), code or "invalid", message)


ErrorValue = str | tuple[str, str]


class FormErrors(Exception):
    """Refuse a submission with field errors: `{field: message}` or `{field: (code,
    message)}`; the key None is the form as a whole.

        raise FormErrors({"email": ("already_registered", "this email is already registered")})
    """

    def __init__(self, errors: Mapping[str | None, ErrorValue]) -> None:
        super().__init__("the form is refused")
        self.errors = dict(errors)

    def add_to(self, form: irm.Form, judged: Judged) -> None:
        names = {f.name for f in form.fields}
        for name, value in self.errors.items():
            if name is not None and name not in names:
                raise ValueError(f"FormErrors names {name!r}, which is no field of form "
                                 f"{form.name!r}")
            code, text = (None, value) if isinstance(value, str) else value
            judged.add(name, own_issue(name, code, str(text)))
