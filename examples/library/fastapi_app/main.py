"""The library served by FastAPI: `uvicorn library.fastapi_app.main:app` (from `examples/`).

Callers sign in with a bearer token: `Authorization: Bearer ada-token` (see
`library.store.MEMBERS` for the others). A real app would look the token up in its
user database; anything it returns is a `Principal`, or None for an anonymous caller.
"""

from __future__ import annotations

from fastapi import FastAPI, Header
from mizan_spec.runtime import Principal

from library.store import MEMBERS

from .api import create_router
from .api.impl import Implementation


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    """The signed-in member for a known bearer token; anyone else is anonymous."""
    if authorization is None or not authorization.startswith("Bearer "):
        return None
    return MEMBERS.get(authorization.removeprefix("Bearer "))


app = FastAPI(title="Library")
app.include_router(create_router(Implementation(), authenticate=authenticate))
