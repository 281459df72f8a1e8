"""Decorator-first forms for Django: a hand-written `django.forms.Form` that serves itself.

    class ContactForm(MizanFormMixin, forms.Form):
        mizan = form_meta(name="contact", title="Contact Us", submit_label="Send",
                          returns=Receipt)
        name = forms.CharField(max_length=80)
        email = forms.EmailField()
        message = forms.CharField(widget=forms.Textarea)

        def on_submit_success(self, request):
            return {"sent": True}

Defining the class registers `contact.schema`, `contact.validate` and `contact.submit`
(in `form_meta(registry=...)`, else the default registry), and the registry exports
the form's IR: what the equivalent spec declares. Each Django field maps to a kind
(`form_from_django`); a field of no kind (FloatField, FileField...) is refused. An
EmailField's default `max_length` (Django's 320) is not exported: the email rule's own
bound (254) applies. Registering conforms the fields to the form rule, and the IR read
from them afterwards is the same; a class defined again (its module imported again)
replaces its earlier registration.
"""

from __future__ import annotations

import enum
import inspect
import sys
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.core import validators as dv
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.utils import pretty_name

from mizan_spec.ir import model as irm
from mizan_spec.runtime.forms.django_fields import Rule
from mizan_spec.runtime.redefinition import redefines
from mizan_spec.runtime.registry import AuthSpec, Registry, _auth_name, default_registry
from mizan_spec.runtime.typemap import RegistrationError, TypeCollector, canonical_decimal

_DJANGO_EMAIL_MAX = 320


@dataclass(frozen=True)
class FormMeta:
    """What a Django form class says about itself as a Mizan form (see `form_meta`)."""

    name: str | None = None
    title: str | None = None
    submit_label: str = "Submit"
    returns: Any = None
    auth: AuthSpec = None
    enums: Mapping[str, type[enum.Enum]] = field(default_factory=dict)
    registry: Registry | None = None


def form_meta(*, name: str | None = None, title: str | None = None,
              submit_label: str = "Submit", returns: Any = None, auth: AuthSpec = None,
              enums: Mapping[str, type[enum.Enum]] | None = None,
              registry: Registry | None = None) -> FormMeta:
    """`name` defaults to the class name without `Form`, in snake case; `title` to the
    name made readable; `enums` names the enum a choice field picks from when it is not
    the one enum of the class's module whose values are the field's choices."""
    return FormMeta(name, title, submit_label, returns, auth, dict(enums or {}), registry)


def _snake(name: str) -> str:
    name = name.removesuffix("Form") or name
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower()
                   for i, c in enumerate(name))


def _kind(f: forms.Field, where: str) -> str:
    if isinstance(f, forms.MultipleChoiceField):
        return "choices"
    if isinstance(f, forms.ChoiceField):
        return "choice"
    if isinstance(f, forms.EmailField):
        return "email"
    if isinstance(f, forms.URLField):
        return "url"
    if isinstance(f, forms.CharField):
        return "textarea" if isinstance(f.widget, forms.Textarea) else "text"
    if isinstance(f, forms.DecimalField):
        return "decimal"
    if isinstance(f, forms.IntegerField) and not isinstance(f, forms.FloatField):
        return "integer"
    if isinstance(f, forms.BooleanField) and not isinstance(f, forms.NullBooleanField):
        return "boolean"
    if isinstance(f, forms.DateField):
        return "date"
    raise RegistrationError(f"{where}: a {type(f).__name__} has no form field kind (text, "
                            "textarea, email, url, integer, decimal, boolean, date, choice, "
                            "choices)")


def _values(f: forms.Field) -> list[str]:
    return [str(v) for v, _ in getattr(f, "choices", ()) if v != ""]


def _enum_for(cls: type, name: str, f: forms.Field, meta: FormMeta,
              where: str) -> type[enum.Enum]:
    given = meta.enums.get(name)
    if given is not None:
        return given
    values = _values(f)
    found = {v for v in vars(sys.modules[cls.__module__]).values()
             if isinstance(v, type) and issubclass(v, enum.Enum)
             and [str(m.value) for m in v] == values}
    if len(found) != 1:
        which = "several enums hold" if found else "no enum holds"
        raise RegistrationError(f"{where}: {which} the choices {values} in module "
                                f"{cls.__module__}; name it with "
                                f"form_meta(enums={{{name!r}: ...}})")
    return found.pop()


def _scalar(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if type(value).__name__ == "Decimal":
        return canonical_decimal(value)
    return value


def _constraints(f: forms.Field, kind: str, where: str) -> irm.Constraints:
    lo = hi = lo_len = hi_len = pattern = None
    if isinstance(f, forms.CharField):
        lo_len, hi_len = f.min_length, f.max_length
        if isinstance(f, forms.EmailField) and hi_len == _DJANGO_EMAIL_MAX:
            hi_len = None  # Django's default, not the author's: the email rule bounds it
        if isinstance(f, forms.RegexField):
            pattern = f.regex.pattern
    if kind in ("integer", "decimal"):
        lo, hi = _scalar(f.min_value), _scalar(f.max_value)  # type: ignore[attr-defined]
        if kind == "decimal" and (f.max_digits or f.decimal_places):  # type: ignore[attr-defined]
            raise RegistrationError(f"{where}: max_digits/decimal_places have no form form")
    if kind == "choices":  # the author's validators, or the rule's once registered
        for v in f.validators:
            if isinstance(v, dv.MinLengthValidator) or (
                    isinstance(v, Rule) and v.check == "too_short"):
                lo_len = int(v.limit_value if isinstance(v, dv.MinLengthValidator) else v.limit)
            elif isinstance(v, dv.MaxLengthValidator) or (
                    isinstance(v, Rule) and v.check == "too_long"):
                hi_len = int(v.limit_value if isinstance(v, dv.MaxLengthValidator) else v.limit)
    return irm.Constraints(lo, hi, lo_len, hi_len, pattern)


def _form_field(cls: type, name: str, f: forms.Field, meta: FormMeta,
                enums: list[type[enum.Enum]]) -> irm.FormField:
    where = f"form class {cls.__name__}, field {name!r}"
    kind = _kind(f, where)
    enum_name = None
    if kind in ("choice", "choices"):
        enum_cls = _enum_for(cls, name, f, meta, where)
        enums.append(enum_cls)
        enum_name = enum_cls.__name__
    placeholder = f.widget.attrs.get("placeholder")
    initial = f.initial
    if isinstance(initial, list | tuple):
        initial = tuple(str(_scalar(v)) for v in initial)
    elif initial is not None:
        initial = _scalar(initial)
    return irm.FormField(
        name, kind, str(f.label) if f.label is not None else pretty_name(name),
        required=bool(f.required), help=str(f.help_text) if f.help_text else None,
        placeholder=str(placeholder) if placeholder is not None else None,
        has_initial=f.initial is not None, initial=initial, enum=enum_name,
        constraints=_constraints(f, kind, where))


def form_from_django(cls: type[forms.Form], meta: FormMeta,
                     ) -> tuple[irm.Form, list[type[enum.Enum]]]:
    """The IR of a Django form class (and the enum classes its choice fields pick from)."""
    name = meta.name or _snake(cls.__name__)
    enums: list[type[enum.Enum]] = []
    fields = tuple(_form_field(cls, n, f, meta, enums) for n, f in cls.base_fields.items())
    returns = None if meta.returns is None else TypeCollector().type_of(
        meta.returns, f"form {name!r}")
    auth, _ = _auth_name(meta.auth)
    doc = cls.__dict__.get("__doc__")
    return irm.Form(name, fields, meta.title or pretty_name(name), meta.submit_label,
                    inspect.cleandoc(doc) if isinstance(doc, str) and doc.strip() else None,
                    auth, returns), enums


_REGISTERED: weakref.WeakKeyDictionary[Registry, dict[str, type]] = \
    weakref.WeakKeyDictionary()
"""The class each registry serves each form name with (registered here)."""


def register_django_form(cls: type[forms.Form], meta: FormMeta) -> None:
    """Serve `cls` in its registry. The same class defined again (its module imported
    again) takes the place of its earlier self; another class of that form name is an
    error."""
    registry = meta.registry if meta.registry is not None else default_registry
    form, enums = form_from_django(cls, meta)
    served = _REGISTERED.setdefault(registry, {})
    earlier = served.get(form.name)
    again = earlier is not None and redefines(cls, earlier)
    _, predicate = _auth_name(meta.auth)
    if predicate is not None:
        registry.register_predicate(form.auth, predicate)
    registry.add_form(form, returns=meta.returns, enums=enums, django_form=cls, replace=again)
    served[form.name] = cls


class MizanFormMetaclass(DeclarativeFieldsMetaclass):
    """Registers each class that sets its own `mizan = form_meta(...)`."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        cls = super().__new__(mcs, name, bases, attrs)
        meta = attrs.get("mizan")
        if isinstance(meta, FormMeta):
            register_django_form(cls, meta)  # type: ignore[arg-type]
        return cls


class MizanFormMixin(metaclass=MizanFormMetaclass):
    """Mix into a `django.forms.Form` (first) and set `mizan = form_meta(...)`."""

    mizan: ClassVar[FormMeta | None] = None
