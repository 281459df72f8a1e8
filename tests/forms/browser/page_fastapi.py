"""The forms page app on FastAPI (uvicorn): pydantic-judged forms and the page."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import Response
from forms_testapp import register
from page_apps import page_file

from mizan_spec.runtime import Registry
from mizan_spec.runtime.fastapi_adapter import mizan_router

app = FastAPI()
app.include_router(mizan_router(register(Registry(), django=False)))


@app.get("/")
def index() -> Response:
    return Response(page_file("index.html"), media_type="text/html")


@app.get("/app.js")
def bundle() -> Response:
    return Response(page_file("app.js"), media_type="text/javascript")
