"""The forms test app served by FastAPI (run with uvicorn): the pydantic engine."""

from __future__ import annotations

from fastapi import FastAPI, Header
from forms_testapp import principal_from, register

from mizan_spec.runtime import Principal, Registry
from mizan_spec.runtime.fastapi_adapter import mizan_router


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    return principal_from(authorization)


app = FastAPI()
app.include_router(mizan_router(register(Registry(), django=False), authenticate=authenticate))
