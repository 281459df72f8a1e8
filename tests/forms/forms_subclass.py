"""A Django form built from the spec's `signup` IR, subclassed by its author.

`clean_username` refuses reserved names, `clean` a password holding the username;
the subclass is what validates. Import once Django is configured.
"""

from __future__ import annotations

from typing import Any

from django import forms
from forms_testapp import SIGNUP, Account, sign_up

from mizan_spec.runtime import Registry
from mizan_spec.runtime.forms.django import django_form_for


class SignupForm(django_form_for(SIGNUP)):  # type: ignore[misc]
    def clean_username(self) -> str:
        value = str(self.cleaned_data["username"])
        if value in ("admin", "root"):
            raise forms.ValidationError("this username is reserved", code="reserved")
        return value

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("username") and data["username"] in (data.get("password") or ""):
            raise forms.ValidationError("the password must not hold the username")
        return data


SUB = Registry()
SUB.add_form(SIGNUP, sign_up, returns=Account, django_form=SignupForm)
