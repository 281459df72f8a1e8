"""Django form fields for a form's IR, and the form rule applied to any Django field.

`field_for` builds the field of each kind (labels, help texts, initial values,
placeholders, choices with their labels, the widget of the kind). `conform` makes a
field, built here or declared by an author, check what the form rule says in the
rule's order: lengths, bounds, pattern, then the shared email/URL rule (never
Django's own EmailValidator/URLValidator, nor URLField's rewriting of what was typed),
blank values cleaning to None; the author's other validators run after these.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from typing import Any

from django import forms
from django.core import validators as dv
from django.core.exceptions import ValidationError

from mizan_spec.ir import form_input
from mizan_spec.ir import model as irm
from mizan_spec.ir.formats import is_email, is_url
from mizan_spec.ir.patterns import compile_pattern

RULE_CODE = "mizan:"
"""The prefix of the error codes the rule's own validators raise (`mizan:too_long`)."""


class Rule:
    """One built-in check of the form rule, as a Django validator (its error carries the
    rule's message, so a template rendering the bound form shows what the wire says)."""

    def __init__(self, check: str, test: Callable[[Any], bool], message: str,
                 limit: Any = None) -> None:
        self.check = check
        self.test = test
        self.message = message
        self.limit = limit  # the constraint's value (`too_long`: the maximum length)

    def __call__(self, value: Any) -> None:
        if not self.test(value):
            raise ValidationError(self.message, code=RULE_CODE + self.check)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and other.check == self.check

    def __hash__(self) -> int:
        return hash(self.check)


class DateInput(forms.DateInput):
    input_type = "date"


class URLField(forms.URLField):
    """A URL kept as typed (Django's URLField would add `http://` and rewrite it)."""

    default_validators: list[Any] = []  # noqa: RUF012 (Django's own attribute)

    def to_python(self, value: Any) -> Any:
        return forms.CharField.to_python(self, value)


class EmailField(forms.EmailField):
    default_validators: list[Any] = []  # noqa: RUF012 (Django's own attribute)


class ChoiceField(forms.ChoiceField):
    """One member, or None when blank (Django's ChoiceField gives "")."""

    def to_python(self, value: Any) -> Any:
        return None if value in self.empty_values else str(value)


_DJANGO_RULES = (dv.MinLengthValidator, dv.MaxLengthValidator, dv.MinValueValidator,
                 dv.MaxValueValidator, dv.EmailValidator, dv.URLValidator,
                 dv.ProhibitNullCharactersValidator, dv.DecimalValidator, Rule)


def _bound(value: int | float | str, kind: str) -> Any:
    if kind == "decimal":
        return decimal.Decimal(str(value))
    if kind == "date":
        return datetime.date.fromisoformat(str(value))
    return value


def rules_for(field: irm.FormField) -> list[Rule]:
    c = field.constraints
    rules: list[Rule] = []

    def rule(check: str, test: Callable[[Any], bool], limit: Any = None) -> None:
        rules.append(Rule(check, test, form_input.message(field, check), limit))

    if c.min_length is not None:
        n = c.min_length
        rule("too_short", lambda v: len(v) >= n, n)
    if c.max_length is not None:
        m = c.max_length
        rule("too_long", lambda v: len(v) <= m, m)
    if c.min is not None:
        lo = _bound(c.min, field.kind)
        rule("too_small", lambda v: v >= lo)
    if c.max is not None:
        hi = _bound(c.max, field.kind)
        rule("too_large", lambda v: v <= hi)
    if c.pattern is not None:
        rx = compile_pattern(c.pattern)
        rule("pattern_mismatch", lambda v: rx.search(v) is not None)
    if field.kind == "email":
        rule("format", is_email)
    elif field.kind == "url":
        rule("format", is_url)
    return rules


def conform(field: forms.Field, spec: irm.FormField, members: tuple[str, ...] = ()) -> None:
    """Make `field` check what the form rule says for `spec`, in the rule's order, with
    the rule's messages (`members`: what a choice field picks from)."""
    if type(field) is forms.URLField:
        field.__class__ = URLField
    elif type(field) in (forms.ChoiceField, forms.TypedChoiceField):
        field.__class__ = ChoiceField
    if isinstance(field, forms.CharField):
        field.empty_value = None
        field.strip = True
    own = getattr(field, "_regex_validator", None)
    kept = [v for v in field.validators if not isinstance(v, _DJANGO_RULES) and v is not own]
    field.validators = [*rules_for(spec), *kept]
    field.error_messages = {**field.error_messages,
                            "required": form_input.message(spec, "required")}
    if members:
        field.error_messages["invalid_choice"] = form_input.message(spec, "invalid_choice",
                                                                    members)


def _int(value: int | float | str | None) -> int | None:
    return None if value is None else int(value)


def _attrs(spec: irm.FormField) -> dict[str, str]:
    return {"placeholder": spec.placeholder} if spec.placeholder is not None else {}


def field_for(spec: irm.FormField, choices: list[tuple[str, str]]) -> forms.Field:
    """The Django field of one form field (its rule applied)."""
    c = spec.constraints
    attrs = _attrs(spec)
    common: dict[str, Any] = {"required": spec.required, "label": spec.label,
                              "help_text": spec.help or ""}
    if spec.has_initial:
        common["initial"] = list(spec.initial) if isinstance(spec.initial, tuple) \
            else spec.initial
    kind = spec.kind
    field: forms.Field
    if kind in ("text", "textarea"):
        widget = forms.Textarea(attrs) if kind == "textarea" else forms.TextInput(attrs)
        field = forms.CharField(min_length=c.min_length, max_length=c.max_length,
                                widget=widget, **common)
    elif kind == "email":
        field = EmailField(min_length=c.min_length, max_length=c.max_length,
                           widget=forms.EmailInput(attrs), **common)
    elif kind == "url":
        field = URLField(min_length=c.min_length, max_length=c.max_length,
                         widget=forms.URLInput(attrs), **common)
    elif kind == "integer":
        field = forms.IntegerField(min_value=_int(c.min), max_value=_int(c.max),
                                   widget=forms.NumberInput(attrs), **common)
    elif kind == "decimal":
        field = forms.DecimalField(
            min_value=None if c.min is None else decimal.Decimal(str(c.min)),
            max_value=None if c.max is None else decimal.Decimal(str(c.max)),
            widget=forms.NumberInput({**attrs, "step": "any"}), **common)
    elif kind == "boolean":
        field = forms.BooleanField(widget=forms.CheckboxInput(attrs), **common)
    elif kind == "date":
        field = forms.DateField(widget=DateInput(attrs), **common)
    elif kind == "choice":
        blank = [] if spec.required else [("", "---------")]
        field = ChoiceField(choices=[*blank, *choices], widget=forms.Select(attrs), **common)
    else:
        field = forms.MultipleChoiceField(choices=choices, widget=forms.SelectMultiple(attrs),
                                          **common)
    conform(field, spec, tuple(value for value, _ in choices))
    return field
