"""The realtime test app served by FastAPI (uvicorn)."""

from __future__ import annotations

from fastapi import FastAPI, Header
from rt_app import LIMITS, REDIS_PREFIX, REDIS_URL, TOKEN_SECRET, principal_from, registry

from mizan_spec.runtime import Principal
from mizan_spec.runtime.fastapi_adapter import mizan_router


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    return principal_from(authorization)


app = FastAPI()
app.include_router(mizan_router(registry, authenticate=authenticate, realtime_limits=LIMITS,
                                realtime_redis_url=REDIS_URL, ws_token_secret=TOKEN_SECRET,
                                realtime_redis_prefix=REDIS_PREFIX))
