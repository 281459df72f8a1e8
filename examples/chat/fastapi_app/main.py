"""The chat served by FastAPI: `uvicorn chat.fastapi_app.main:app` (from `examples/`).

HTTP calls and the WebSocket (`api/mizan/ws/`) sign in with a bearer token
(`Authorization: Bearer ada-token`, see `chat.rooms.USERS`). `CHAT_REDIS_URL` set: the
channel's messages reach subscribers of every process through that Redis.
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Header
from mizan_spec.runtime import Principal

from chat.rooms import USERS

from .api import create_router
from .api.impl import Implementation


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    """The user of a known bearer token; anyone else is anonymous."""
    if authorization is None or not authorization.startswith("Bearer "):
        return None
    user = USERS.get(authorization.removeprefix("Bearer "))
    return Principal(id=user[0], username=user[1]) if user else None


app = FastAPI(title="Chat")
app.include_router(create_router(Implementation(), authenticate=authenticate,
                                 realtime_redis_url=os.environ.get("CHAT_REDIS_URL")))
