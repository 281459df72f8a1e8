"""The blog of spec/language.md written decorator-first: `@client` on typed functions.

Its registry exports the same IR, byte for byte, as `mizan-spec ir examples/blog/spec`
(tests/test_blog_parity.py). Nothing here is served; it is the other half of the proof.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field

from mizan_spec.runtime import Call, Registry, client

registry = Registry()
registry.register_context("user", doc="The signed-in user's data.")


class Author(BaseModel):
    """A person who writes posts."""

    id: int
    name: Annotated[str, Field(min_length=1, max_length=80)]
    bio: str | None = None
    tags: list[str]
    scores: dict[str, float]
    joined: datetime.datetime


class Status(StrEnum):
    draft = "draft"
    published = "published"
    archived = "archived"


class Post(BaseModel):
    """A blog post."""

    id: int
    title: str
    status: Status = Status.draft
    author: Author


@client(context="user", auth=True, registry=registry)
def current_user(call: Call) -> Author | None:
    return None


@client(context="global", registry=registry)
def list_posts(call: Call, status: Status | None = None,
               limit: Annotated[int, Field(ge=1, le=100)] = 20) -> list[Post]:
    return []


@client(auth="staff", affects=["global", list_posts], registry=registry)
def publish_post(call: Call, post_id: int) -> Post:
    """Publish a draft."""
    raise LookupError(post_id)


@client(websocket=True, rev=2, affects=list_posts, registry=registry)
def like_post(call: Call, post_id: int) -> None:
    return None


@client(registry=registry)
def ping(call: Call) -> None:
    return None
