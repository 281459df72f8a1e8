"""The shared test app: one registry of server functions every backend under test serves.

It covers each type the runtime maps, each auth level, a named predicate, contexts
(global and user), invalidation and merges, aliases, async, websocket, route, failures.
Callers are identified by `Authorization: Bearer <username>` (see USERS).
"""

from __future__ import annotations

import asyncio
import datetime
import decimal
import enum
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, Field

from mizan_spec.runtime import Call, Email, Principal, ProtocolError, Registry, Url, client

registry = Registry()
registry.register_context("user", doc="What the signed-in user sees about themselves.")

USERS = {
    "alice": Principal("1", "alice"),
    "sam": Principal("2", "sam", is_staff=True),
    "root": Principal("3", "root", is_staff=True, is_superuser=True),
}


def principal_from(authorization: str | None) -> Principal | None:
    if authorization and authorization.startswith("Bearer "):
        return USERS.get(authorization.removeprefix("Bearer "))
    return None


class Status(enum.StrEnum):
    """Where a post is in its life."""

    draft = "draft"
    published = "published"


class Author(BaseModel):
    id: int
    name: str = Field(min_length=1, max_length=50, description="Display name")


class Post(BaseModel):
    """A blog post."""

    id: int
    title: str = Field(min_length=1, max_length=200)
    status: Status = Status.draft
    author: Author
    tags: list[str]
    score: float = Field(default=0, ge=0, le=5)
    price: decimal.Decimal = Field(default=decimal.Decimal("1.50"), ge=decimal.Decimal("0"))
    published_on: datetime.date | None = None
    meta: dict[str, Any] | None = None


class Window(BaseModel):
    from_: int = Field(alias="from", ge=0)
    to: int = Field(ge=0)


class Profile(BaseModel):
    user_id: str
    username: str
    bio: str


class ProfileView(BaseModel):
    """Same shape as Profile under another name: merges compare shapes, not names."""

    user_id: str
    username: str
    bio: str


class Node(BaseModel):
    label: str = Field(pattern=r"^[a-z0-9-]+$")
    children: list[Node]


class Scalars(BaseModel):
    d: datetime.date
    dt: datetime.datetime
    u: uuid.UUID
    dec: decimal.Decimal
    f: float
    b: bool
    j: Any


class Contact(BaseModel):
    address: Email
    site: Url | None


class Stats(BaseModel):
    count: int


class Signup(BaseModel):
    """`bio` and `referrer` are nullable without a default: absent means null."""

    name: str
    bio: str | None = Field(max_length=20)
    referrer: Signup | None


BIOS: dict[str, str] = {}


def _profile(call: Call) -> Profile:
    assert call.user is not None
    return Profile(user_id=call.user.id, username=call.user.username,
                   bio=BIOS.get(call.user.id, ""))


def _post(i: int, title: str | None = None, status: Status = Status.draft) -> Post:
    return Post(id=i, title=title or f"Post {i}", status=status,
                author=Author(id=i % 7, name=f"Author {i % 7}"), tags=["a", "ü"], score=i % 5,
                published_on=datetime.date(2024, 1, 1 + i % 28), meta={"n": i})


def can_edit(call: Call, args: dict[str, Any]) -> bool:
    """Staff may edit any post; others only even-numbered ones."""
    if call.user is None:
        return False
    return call.user.is_staff or int(args["id"]) % 2 == 0


@client(context="global", registry=registry)
def current_user(call: Call) -> Profile | None:
    """The signed-in user, or null."""
    return _profile(call) if call.user else None


@client(context="global", cache="1m", registry=registry)
def site_info(call: Call, lang: str = "en") -> dict[str, str]:
    return {"name": "Mizan ✓", "lang": lang}


@client(context="global", auth="staff", registry=registry)
def admin_banner(call: Call, lang: str = "en") -> str:
    return f"staff banner ({lang})"


@client(context="user", auth=True, cache="30s", registry=registry)
def user_profile(call: Call) -> Profile:
    return _profile(call)


@client(context="user", auth=True, registry=registry)
def user_settings(call: Call, theme: str = "light") -> dict[str, str]:
    return {"theme": theme}


@client(affects="user", auth=True, registry=registry)
def update_profile(call: Call, bio: Annotated[str, Field(max_length=280,
                                                         description="New bio")]) -> ProfileView:
    """Set the caller's bio; the result replaces user_profile in caches."""
    assert call.user is not None
    BIOS[call.user.id] = bio
    return ProfileView(user_id=call.user.id, username=call.user.username, bio=bio)


@client(registry=registry)
def echo(call: Call, text: str, count: Annotated[int, Field(ge=1, le=10)] = 1,
         tags: list[str] | None = None) -> dict[str, Any]:
    return {"text": text * count, "tags": tags, "user": call.user.username if call.user else None}


@client(registry=registry)
def list_posts(call: Call, status: Status | None = None,
               limit: Annotated[int, Field(ge=1, le=100, description="Page size")] = 20,
               ) -> list[Post]:
    posts = [_post(i, status=Status.published if i % 2 else Status.draft) for i in range(limit)]
    return [p for p in posts if status is None or p.status == status]


@client(registry=registry)
def get_post(call: Call, id: int) -> Post:
    if id < 0:
        raise ProtocolError("invalid_args", "no such post")
    return _post(id)


@client(affects=[list_posts], auth="staff", rev=2, registry=registry)
def create_post(call: Call, title: Annotated[str, Field(min_length=1, max_length=200)],
                status: Status = Status.draft) -> Post:
    return _post(100, title, status)


@client(affects=[get_post, list_posts], auth=can_edit, registry=registry)
def rename_post(call: Call, id: int, title: str) -> Post:
    """Rename a post; the result replaces get_post(id) in caches."""
    return _post(id, title)


@client(auth="superuser", registry=registry)
def purge(call: Call) -> Stats:
    return Stats(count=3)


@client(registry=registry)
def window(call: Call, w: Window) -> Window:
    return w


@client(registry=registry)
def scalars(call: Call, s: Scalars) -> Scalars:
    return s


@client(registry=registry)
def contact(call: Call, c: Contact, cc: list[Email], reply_to: Email | None = None) -> Contact:
    return c


@client(registry=registry)
def tree(call: Call, root: Node) -> Node:
    return root


@client(cache="30s", registry=registry)
def sum_items(call: Call, items: list[int]) -> int:
    return sum(items)


@client(registry=registry)
def many_posts(call: Call, n: Annotated[int, Field(ge=0, le=5000)]) -> list[Post]:
    return [_post(i) for i in range(n)]


@client(registry=registry)
def sign_up(call: Call, s: Signup, code: str | None) -> Signup:
    assert isinstance(s, Signup)
    return s.model_copy(update={"name": f"{s.name} ({code})"})


@client(registry=registry)
def boom(call: Call) -> Stats:
    raise RuntimeError("database password is hunter2")


@client(registry=registry)
def bad_return(call: Call) -> Stats:
    return "not stats"  # type: ignore[return-value]


@client(registry=registry)
async def slow_double(call: Call, n: int) -> int:
    await asyncio.sleep(0)
    return n * 2


@client(websocket=True, auth=True, registry=registry)
def chat_send(call: Call, room: str, text: str) -> None:
    return None


def text_response(call: Call, text: str, status: int = 200) -> Any:
    """The backend's own response object (route functions return those)."""
    headers = {"Content-Type": "text/plain; charset=utf-8", "X-Route": call.function}
    if call.backend == "django":
        from django.http import HttpResponse
        response = HttpResponse(text.encode(), status=status)
        for k, v in headers.items():
            response[k] = v
        return response
    from starlette.responses import Response
    return Response(text.encode(), status_code=status, headers=headers)


@client(route="/profile/<int:id>/", auth=True, registry=registry)
def profile_page(call: Call, id: int, tab: str = "posts") -> Any:
    """A view of the host framework: returns its own response."""
    assert call.user is not None
    return text_response(call, f"profile {id} ({tab}) seen by {call.user.username} ✓")


@client(route="/posts/<id>/edit/", auth=can_edit, registry=registry)
async def post_editor(call: Call, id: int) -> Any:
    await asyncio.sleep(0)
    return text_response(call, f"editing {id} via {call.request.method}", 201)


@client(route="/files/<uuid:key>/<path:rest>", registry=registry)
def file_page(call: Call, key: uuid.UUID, rest: str, n: int | None) -> Any:
    if rest == "boom":
        raise RuntimeError("disk password is hunter2")
    if rest == "not-a-response":
        return {"rest": rest}
    return text_response(call, f"{key} {rest} {n}")
