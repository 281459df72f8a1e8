"""The recipes app of the real-browser tests (React, Vue, Svelte), decorator-first: the
functions of recipes.mizan.kdl over an in-memory store (one per server process), the
bearer tokens `sign_in` hands out, and the page (index.html and the bundle built by the
test, read from $MIZAN_PAGE_DIR) that both backends serve beside the protocol. With
`?ssr=1` the page carries the `global` context, fetched on the server for the caller
(`?token=`), for the client to hydrate from."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field

from mizan_spec.runtime import Call, Principal, ProtocolError, Registry, client
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.wire import WireRequest

registry = Registry()
registry.register_context("recipe", doc="One recipe's page: the recipe and its comments.")

USERS = {"alice": ("1", "wonderland")}
TOKENS = {f"t-{name}": Principal(uid, name) for name, (uid, _) in USERS.items()}


class Recipe(BaseModel):
    id: int
    title: str


class Comment(BaseModel):
    author: str
    text: str


TITLES: dict[int, str] = {1: "Bread", 2: "Soup", 3: "Salad"}
COMMENTS: dict[int, list[Comment]] = {1: [Comment(author="sam", text="Lovely")], 2: [], 3: []}


def principal_from(authorization: str | None) -> Principal | None:
    if authorization and authorization.startswith("Bearer "):
        return TOKENS.get(authorization.removeprefix("Bearer "))
    return None


def page_file(name: str) -> bytes:
    """index.html or app.js of the page under test."""
    return (Path(os.environ["MIZAN_PAGE_DIR"]) / name).read_bytes()


def index_page(token: str | None, ssr: bool) -> bytes:
    """index.html; with `ssr`, the `ctx/global/` answer for the caller the token names,
    made in-process as a server-side render would, embedded as `window.mizanGlobal`."""
    html = page_file("index.html")
    if not ssr:
        return html
    principal = principal_from(f"Bearer {token}" if token else None)
    answer = _PROTOCOL.handle(WireRequest(method="GET", path="ctx/global/", principal=principal))
    payload = json.dumps(json.loads(answer.body)).replace("<", "\\u003c")
    script = f"<script>window.mizanGlobal = {payload};</script>".encode()
    return html.replace(b"</head>", script + b"</head>")


@client(context="global", registry=registry)
def whoami(call: Call) -> str | None:
    """Who is signed in, or null."""
    return call.user.username if call.user else None


@client(context="recipe", registry=registry)
def get_recipe(call: Call, id: int) -> Recipe:
    return Recipe(id=id, title=TITLES[id])


@client(context="recipe", registry=registry)
def list_comments(call: Call, id: int) -> list[Comment]:
    return list(COMMENTS[id])


@client(registry=registry)
def comment_count(call: Call, id: int) -> int:
    """A plain query, in no context."""
    return len(COMMENTS[id])


@client(registry=registry)
def sign_in(call: Call, username: str, password: str) -> str:
    """A token for `Authorization: Bearer <token>`; a wrong password is forbidden."""
    if USERS.get(username, ("", None))[1] != password:
        raise ProtocolError("forbidden", "wrong user name or password")
    return f"t-{username}"


@client(affects=[list_comments, comment_count], auth=True, registry=registry)
def add_comment(call: Call, id: int, text: Annotated[str, Field(min_length=1)]) -> Comment:
    assert call.user is not None
    comment = Comment(author=call.user.username, text=text)
    COMMENTS[id].append(comment)
    return comment


@client(affects=[get_recipe], auth=True, registry=registry)
def rename_recipe(call: Call, id: int, title: Annotated[str, Field(min_length=1)]) -> Recipe:
    """The result replaces get_recipe(id) in caches: a merge."""
    TITLES[id] = title
    return Recipe(id=id, title=title)


@client(affects=["recipe", comment_count], auth=True, registry=registry)
def clear_comments(call: Call, id: int) -> None:
    COMMENTS[id].clear()


_PROTOCOL = Protocol(registry)
