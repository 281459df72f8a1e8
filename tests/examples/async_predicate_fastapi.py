"""FastAPI (uvicorn) serving tests/examples/async_predicate_apps.py."""

from __future__ import annotations

from fastapi import FastAPI, Header
from library.fastapi_app.api import create_router
from library.fastapi_app.api.impl import Implementation

from mizan_spec.runtime import Principal
from mizan_spec.runtime.fastapi_adapter import mizan_router
from tests.examples.async_predicate_apps import decorated, principal_from, refusing


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    return principal_from(authorization)


app = FastAPI()
app.include_router(create_router(refusing(Implementation), authenticate=authenticate))
app.include_router(mizan_router(decorated, authenticate=authenticate, prefix="/api/decorated"))
