"""The recipes app on FastAPI (run with uvicorn): the protocol under /api/mizan/ and the
page at / (with `?ssr=1`, carrying the `global` context) and /app.js, one origin, as a
deployed single-page app is served."""

from __future__ import annotations

from fastapi import FastAPI, Header
from fastapi.responses import Response
from recipes_app import index_page, page_file, principal_from, registry

from mizan_spec.runtime import Principal
from mizan_spec.runtime.fastapi_adapter import mizan_router


async def authenticate(authorization: str | None = Header(default=None)) -> Principal | None:
    return principal_from(authorization)


app = FastAPI()
app.include_router(mizan_router(registry, authenticate=authenticate))


@app.get("/")
def index(token: str | None = None, ssr: str | None = None) -> Response:
    return Response(index_page(token, ssr == "1"), media_type="text/html")


@app.get("/app.js")
def bundle() -> Response:
    return Response(page_file("app.js"), media_type="text/javascript")
