"""A decorator-first form whose registry outlives its module (forms_shared_registry), so
that importing the module again registers the same class again (reimport_forms.py).
Import once Django is configured."""

from __future__ import annotations

import enum
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from forms_shared_registry import SHARED
from pydantic import BaseModel

from mizan_spec.runtime.forms.django import MizanFormMixin, form_meta


class Flavour(enum.StrEnum):
    PLAIN = "plain"
    SALTED = "salted"


class Receipt(BaseModel):
    ok: bool


def invited(call: Any, args: Any) -> bool:
    return True


class OrderForm(MizanFormMixin, forms.Form):
    mizan = form_meta(name="order", registry=SHARED, returns=Receipt, auth=invited)

    name = forms.CharField(max_length=10)
    flavours = forms.MultipleChoiceField(choices=[(f.value, f.value) for f in Flavour],
                                         required=False, validators=[MaxLengthValidator(1)])

    def on_submit_success(self, request: Any) -> Receipt:
        return Receipt(ok=True)
