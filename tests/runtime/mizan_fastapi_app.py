"""The shared test app served by FastAPI (run with uvicorn)."""

from __future__ import annotations

from fastapi import FastAPI, Header, HTTPException
from mizan_testapp import principal_from, registry

from mizan_spec.runtime import Principal
from mizan_spec.runtime.fastapi_adapter import mizan_router


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    """`Bearer expired` is refused with FastAPI's own 401; `Bearer explode` fails."""
    if authorization == "Bearer expired":
        raise HTTPException(401, "token expired")
    if authorization == "Bearer explode":
        raise RuntimeError("token store password is hunter2")
    return principal_from(authorization)


app = FastAPI()
app.include_router(mizan_router(registry, authenticate=authenticate, max_body=256 * 1024))
