"""The forms every backend under test serves, declared as IR (what a spec compiles to).

`contact` has one field of every kind; `signup` refuses a taken email from its
implementation (`FormErrors`); `feedback` needs someone signed in; `patterns` holds
patterns whose classes, `.` and `$` mean one thing everywhere (language.md §5.8).
`register(registry, django=...)` registers them with the pydantic engine (FastAPI) or with
Django forms built from the same IR.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from pydantic import BaseModel

from mizan_spec.ir import model as irm
from mizan_spec.ir.types import Named
from mizan_spec.runtime import Call, Principal, Registry
from mizan_spec.runtime.forms import FormErrors

C = irm.Constraints
TOPIC = irm.Enum("Topic", (irm.EnumMember("sales", label="Sales"),
                           irm.EnumMember("support", label="Support"),
                           irm.EnumMember("other", label="Other")))

CONTACT = irm.Form("contact", (
    irm.FormField("name", "text", "Your name", placeholder="Ada Lovelace",
                  constraints=C(min_length=2, max_length=80)),
    irm.FormField("email", "email", "Email", help="We answer within a day."),
    irm.FormField("message", "textarea", "Message", constraints=C(max_length=2000)),
    irm.FormField("topic", "choice", "Topic", has_initial=True, initial="sales", enum="Topic"),
    irm.FormField("age", "integer", "Age", required=False, constraints=C(min=18, max=130)),
    irm.FormField("budget", "decimal", "Budget", required=False,
                  constraints=C(min="0", max="10000.5")),
    irm.FormField("start", "date", "Start", required=False),
    irm.FormField("website", "url", "Website", required=False),
    irm.FormField("tags", "choices", "Tags", required=False, enum="Topic",
                  constraints=C(max_length=2)),
    irm.FormField("code", "text", "Code", required=False, constraints=C(pattern="^[A-Z]{3}$")),
    irm.FormField("agree", "boolean", "I agree"),
    irm.FormField("newsletter", "boolean", "Newsletter", required=False, has_initial=True,
                  initial=False),
), "Contact us", "Send", doc="Write to the team.", returns=Named("ContactReceipt"))

SIGNUP = irm.Form("signup", (
    irm.FormField("username", "text", "Username",
                  constraints=C(min_length=3, max_length=30, pattern="^[a-z0-9_]+$")),
    irm.FormField("email", "email", "Email"),
    irm.FormField("password", "text", "Password", constraints=C(min_length=8)),
), "Sign up", "Create my account", returns=Named("Account"))

PATTERNS = irm.Form("patterns", (  # classes ASCII on every side, `.` and `$` as Python's
    irm.FormField("digits", "text", "Digits", required=False, constraints=C(pattern=r"^\d+$")),
    irm.FormField("words", "text", "Words", required=False,
                  constraints=C(pattern=r"^\w+\s\w+$")),
    irm.FormField("apart", "text", "Apart", required=False,
                  constraints=C(pattern=r"\bok\b|^[^\s,]+(,[\S]+)?$")),
    irm.FormField("lines", "textarea", "Lines", required=False,
                  constraints=C(pattern=r"^a.b$|^(?P<x>[xy])(?P=x)\Z")),
), "Patterns", "Check")

FEEDBACK = irm.Form("feedback", (
    irm.FormField("text", "textarea", "Feedback", constraints=C(min_length=1)),
), "Feedback", "Submit", auth=irm.AUTH_AUTHENTICATED)


class ContactReceipt(BaseModel):
    """What a sent message looks like once received: the cleaned values."""

    name: str
    email: str
    topic: str
    age: int | None
    budget: decimal.Decimal | None
    start: datetime.date | None
    website: str | None
    tags: list[str]
    code: str | None
    newsletter: bool


class Account(BaseModel):
    username: str
    email: str


TAKEN = frozenset({"taken@example.com"})


def send(call: Call, data: dict[str, Any]) -> ContactReceipt:
    return ContactReceipt(**{k: v for k, v in data.items() if k in ContactReceipt.model_fields})


def sign_up(call: Call, data: dict[str, Any]) -> dict[str, Any]:
    if data["email"] in TAKEN:
        raise FormErrors({"email": ("already_registered", "this email is already registered")})
    return {"username": data["username"], "email": data["email"]}


def thank(call: Call, data: dict[str, Any]) -> None:
    return None


USERS = {"alice": Principal("1", "alice"), "bob": Principal("2", "bob")}


def principal_from(authorization: str | None) -> Principal | None:
    if authorization and authorization.startswith("Bearer "):
        return USERS.get(authorization.removeprefix("Bearer "))
    return None


def register(registry: Registry, *, django: bool) -> Registry:
    registry.add_form(CONTACT, send, returns=ContactReceipt, enums=[TOPIC], django_form=django)
    registry.add_form(SIGNUP, sign_up, returns=Account, django_form=django)
    registry.add_form(FEEDBACK, thank, django_form=django)
    registry.add_form(PATTERNS, thank, django_form=django)
    return registry
