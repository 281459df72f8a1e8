"""The forms example served by FastAPI: `uvicorn contact.fastapi_app.main:app` (from
`examples/`)."""

from __future__ import annotations

from fastapi import FastAPI

from .api import create_router
from .api.impl import Implementation

app = FastAPI(title="Forms example")
app.include_router(create_router(Implementation()))
