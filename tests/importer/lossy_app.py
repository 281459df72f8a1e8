"""A decorator-first app with what no spec can hold: a validator, a constraint with no
spec form, a route function, a predicate."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from mizan_spec.runtime import Call, Registry, client

registry = Registry()


class Signup(BaseModel):
    email: str

    @field_validator("email")
    @classmethod
    def lower(cls, value: str) -> str:
        return value.lower()


def is_owner(call: Call, args: dict[str, object]) -> bool:
    return False


@client(registry=registry)
def sign_up(call: Call, form: Signup,
            seats: Annotated[int, Field(multiple_of=5)] = 5) -> int:
    return seats


@client(registry=registry, route="/export/<int:batch>/", auth=is_owner)
def export_batch(call: Call, batch: int) -> object:
    return None
