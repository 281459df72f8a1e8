"""The forms example's implementation on FastAPI (created by `gen python`, then written).

`on_submit_<form>` runs once the values passed the form's checks; it answers the form's
`returns` value, or refuses with field errors of its own (`FormErrors`).
"""

from __future__ import annotations

from fastapi import Request
from mizan_spec.runtime import Call
from mizan_spec.runtime.forms import FormErrors

from ...accounts import register
from .interface import ContactData, SignupData
from .models import Account, ContactReceipt, Topic


class Implementation:
    """The two forms."""

    def on_submit_contact(self, call: Call[Request], data: ContactData) -> ContactReceipt:
        return ContactReceipt(reply_to=data["email"], topic=Topic(data["topic"]))

    def on_submit_signup(self, call: Call[Request], data: SignupData) -> Account:
        if not register(data["username"], data["email"]):
            raise FormErrors({"email": ("already_registered",
                                        "this email is already registered")})
        return Account(username=data["username"], email=data["email"])
