"""The notebook served by FastAPI: `uvicorn notes.fastapi_app.main:app` (from `examples/`).

Callers sign in with a bearer token (`Authorization: Bearer ada-token`, see `USERS`); a
real app would look the token up in its own user table. Each request gets one database
session from the `get_session` dependency, which the implementation reads typed as
`call.resources`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Header
from mizan_spec.runtime import Principal

from .api import create_router
from .api.impl import Implementation
from .db import create_tables, get_session

USERS = {"ada-token": Principal(id="1", username="ada"),
         "ben-token": Principal(id="2", username="ben")}


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    """The user of a known bearer token; anyone else is anonymous."""
    if authorization is None or not authorization.startswith("Bearer "):
        return None
    return USERS.get(authorization.removeprefix("Bearer "))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    await create_tables()
    yield


app = FastAPI(title="Notes", lifespan=lifespan)
app.include_router(create_router(Implementation(), authenticate=authenticate,
                                 resources=get_session))
