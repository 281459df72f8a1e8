"""Completion inside `form` declarations: field kinds, property names, `enum=` names.

    form contact |                 form properties (title, submit-label, returns, auth)
        field topic |              the field kinds
        field topic choice |       field properties (enum, label, required...)
        field topic choice enum=|  the declared enums
        field tags choices { | }   `doc` and `initial`
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mizan_spec.check.forms import FORM_FIELD_KINDS
from mizan_spec.check.grammar import FORM_FIELD_CHILDREN, FORM_FIELD_PROPS, FORM_PROPS

if TYPE_CHECKING:
    from mizan_spec.lsp.completion import Suggestion


def form_places(stack: list[str | None]) -> tuple[str, ...] | None:
    """The nodes that go in the innermost open block, if it is a form's or a form field's."""
    if stack and stack[-1] == "form":
        return ("doc", "field")
    if len(stack) >= 2 and stack[-2:] == ["form", "field"]:
        return FORM_FIELD_CHILDREN
    return None


def complete_form(parent: str | None, words: list[str]) -> list[Suggestion] | None:
    """Suggestions on a `form` or form `field` line (`words` before the cursor), or
    None when the line is not one."""
    from mizan_spec.lsp.completion import Suggestion

    node = words[0]
    if parent is None and node == "form" and len(words) >= 2:
        return [Suggestion(p, "property", f"{p}=") for p in FORM_PROPS]
    if parent == "form" and node == "field":
        if len(words) == 2:
            return [Suggestion(k, "value") for k in FORM_FIELD_KINDS]
        if len(words) >= 3:
            return [Suggestion(p, "property", f"{p}=") for p in FORM_FIELD_PROPS]
    return None


def form_values(key: str, names: dict[str, list[str]]) -> list[Suggestion] | None:
    """Values of a form property (`enum=`, `required=`), or None for other keys."""
    from mizan_spec.lsp.completion import Suggestion

    if key == "enum":
        return [Suggestion(e, "enum") for e in names.get("enums", [])]
    if key == "required":
        return [Suggestion("#true", "value"), Suggestion("#false", "value")]
    return None
