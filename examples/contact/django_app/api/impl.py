"""The forms example's implementation on Django (created by `gen python`, then written).

`contact_form` and `signup_form` name the Django form classes that validate on the wire:
the generated ones here, or subclasses with `clean_<field>` / `clean`. The same classes
render in a template or the admin. `on_submit_<form>` runs once the values are clean.
"""

from __future__ import annotations

from django.http import HttpRequest
from mizan_spec.runtime import Call
from mizan_spec.runtime.forms import FormErrors

from ...accounts import register
from .forms import ContactForm, SignupForm
from .interface import ContactData, SignupData
from .models import Account, ContactReceipt, Topic


class Implementation:
    """The two forms."""

    contact_form = ContactForm
    signup_form = SignupForm

    def on_submit_contact(self, call: Call[HttpRequest], data: ContactData) -> ContactReceipt:
        return ContactReceipt(reply_to=data["email"], topic=Topic(data["topic"]))

    def on_submit_signup(self, call: Call[HttpRequest], data: SignupData) -> Account:
        if not register(data["username"], data["email"]):
            raise FormErrors({"email": ("already_registered",
                                        "this email is already registered")})
        return Account(username=data["username"], email=data["email"])
