"""Run as a script: what registration refuses on the Django side, one line each
(`case: RegistrationError message`)."""

from __future__ import annotations

from typing import Any

import django
from django.conf import settings

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])
django.setup()

from django import forms  # noqa: E402
from forms_testapp import SIGNUP, Account  # noqa: E402

from mizan_spec.runtime import RegistrationError, Registry  # noqa: E402
from mizan_spec.runtime.forms.django import MizanFormMixin, django_form_for, form_meta  # noqa: E402


async def later(call: Any, data: dict[str, Any]) -> None:
    return None


def async_on_submit() -> None:
    Registry().add_form(SIGNUP, later, returns=Account, django_form=True)


def other_fields() -> None:
    class Other(django_form_for(SIGNUP)):  # type: ignore[misc]
        extra = forms.CharField()
    Registry().add_form(SIGNUP, returns=Account, django_form=Other)


def float_field() -> None:
    class Price(MizanFormMixin, forms.Form):
        mizan = form_meta(registry=Registry())
        amount = forms.FloatField()


def loose_choices() -> None:
    class Pick(MizanFormMixin, forms.Form):
        mizan = form_meta(registry=Registry())
        colour = forms.ChoiceField(choices=[("red", "Red")])


for case in (async_on_submit, other_fields, float_field, loose_choices):
    try:
        case()
        print(f"{case.__name__}: accepted")
    except RegistrationError as e:
        print(f"{case.__name__}: {e}")
