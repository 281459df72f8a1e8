"""Forms written the decorator-first way: Django form classes with `MizanFormMixin`.

`ContactForm` is the hand-written twin of the spec's `contact` (forms_testapp.CONTACT):
it must export the same IR and answer the same bytes. `NicknameForm` has the author's
own `clean_<field>` and `clean`; `NoteForm` and `PrivateForm` have auth (a predicate,
signed-in). Import once Django is configured.
"""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from forms_testapp import ContactReceipt

from mizan_spec.runtime import Registry
from mizan_spec.runtime.forms.django import MizanFormMixin, form_meta

MIXIN = Registry()


class Topic(models.TextChoices):
    SALES = "sales", "Sales"
    SUPPORT = "support", "Support"
    OTHER = "other"


class ContactForm(MizanFormMixin, forms.Form):
    """Write to the team."""

    mizan = form_meta(name="contact", title="Contact us", submit_label="Send",
                      returns=ContactReceipt, registry=MIXIN)

    name = forms.CharField(label="Your name", min_length=2, max_length=80,
                           widget=forms.TextInput(attrs={"placeholder": "Ada Lovelace"}))
    email = forms.EmailField(label="Email", help_text="We answer within a day.")
    message = forms.CharField(label="Message", max_length=2000, widget=forms.Textarea)
    topic = forms.ChoiceField(label="Topic", choices=Topic, initial="sales")
    age = forms.IntegerField(label="Age", required=False, min_value=18, max_value=130)
    budget = forms.DecimalField(label="Budget", required=False, min_value=decimal.Decimal("0"),
                                max_value=decimal.Decimal("10000.50"))
    start = forms.DateField(required=False)
    website = forms.URLField(label="Website", required=False)
    tags = forms.MultipleChoiceField(label="Tags", choices=Topic, required=False,
                                     validators=[MaxLengthValidator(2)])
    code = forms.RegexField(r"^[A-Z]{3}$", label="Code", required=False)
    agree = forms.BooleanField(label="I agree")
    newsletter = forms.BooleanField(label="Newsletter", required=False, initial=False)

    def on_submit_success(self, request: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ContactReceipt.model_fields}


class NicknameForm(MizanFormMixin, forms.Form):
    mizan = form_meta(registry=MIXIN)

    nickname = forms.CharField(max_length=20)
    repeat = forms.CharField(max_length=20)

    def clean_nickname(self) -> str:
        value = str(self.cleaned_data["nickname"])
        if value.lower() == "admin":
            raise forms.ValidationError("this nickname is reserved", code="reserved")
        return value.lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("nickname") and data.get("repeat") and data["nickname"] != data["repeat"]:
            raise forms.ValidationError("the two nicknames differ", code="mismatch")
        return data

    def on_submit_success(self, request: Any) -> None:
        if self.cleaned_data["nickname"] == "taken":
            self.add_error("nickname", forms.ValidationError("is taken", code="taken"))


def is_alice(call: Any, args: dict[str, Any]) -> bool:
    return call.user is not None and call.user.username == "alice"


class NoteForm(MizanFormMixin, forms.Form):
    """Only alice may use this form (a predicate)."""

    mizan = form_meta(auth=is_alice, registry=MIXIN)
    text = forms.CharField()

    def on_submit_success(self, request: Any) -> None:
        return None


class PrivateForm(MizanFormMixin, forms.Form):
    mizan = form_meta(auth=True, registry=MIXIN)
    text = forms.CharField()
