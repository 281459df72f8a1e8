"""The realtime test app, decorator-first: websocket functions, contexts whose
mutations are pushed to other connections, and three channels (a chat clients send to,
a listen-only feed for signed-in users, and a ticker server functions publish to).

Callers are identified by `Authorization: Bearer <username>` on the handshake (and on
HTTP requests), as in tests/runtime.
"""

from __future__ import annotations

import os
from typing import Annotated

from pydantic import BaseModel, Field

from mizan_spec.runtime import Call, Principal, ProtocolError, Registry, client
from mizan_spec.runtime.realtime.decorator import channel, register_channel
from mizan_spec.runtime.realtime.limits import Limits

registry = Registry()
LIMITS = Limits(max_frame=4096, subscriptions=4, send_queue=64, connections_per_user=6,
                history=20, history_seconds=60,
                heartbeat=float(os.environ.get("RT_HEARTBEAT", "25")))
REDIS_URL = os.environ.get("RT_REDIS_URL") or None
REDIS_PREFIX = os.environ.get("RT_REDIS_PREFIX") or "mizan:rt"
TOKEN_SECRET = "connection-tokens-only-" + "k" * 16

USERS = {
    "alice": Principal("1", "alice"),
    "bob": Principal("4", "bob"),
    "sam": Principal("2", "sam", is_staff=True),
}


def principal_from(authorization: str | None) -> Principal | None:
    if authorization and authorization.startswith("Bearer "):
        return USERS.get(authorization.removeprefix("Bearer "))
    return None


NOTICE = {"text": "welcome"}
NOTES: dict[str, list[str]] = {}


@client(context="global", registry=registry)
def site_notice(call: Call) -> str:
    return NOTICE["text"]


@client(context="user", auth=True, registry=registry)
def my_notes(call: Call) -> list[str]:
    assert call.user is not None
    return NOTES.get(call.user.id, [])


@client(websocket=True, affects="global", auth="staff", registry=registry)
def set_notice(call: Call, text: str) -> str:
    NOTICE["text"] = text
    return text


@client(affects="global", auth="staff", registry=registry)
def post_notice(call: Call, text: str) -> str:
    """`set_notice` over call/ only (not a websocket function)."""
    NOTICE["text"] = text
    return text


@client(websocket=True, affects="user", auth=True, registry=registry)
def add_note(call: Call, text: Annotated[str, Field(min_length=1, max_length=50)]) -> list[str]:
    assert call.user is not None
    NOTES.setdefault(call.user.id, []).append(text)
    return NOTES[call.user.id]


@client(websocket=True, registry=registry)
def echo(call: Call, text: str, count: Annotated[int, Field(ge=1, le=10)] = 1) -> str:
    return text * count


@client(websocket=True, registry=registry)
def boom(call: Call) -> int:
    raise RuntimeError("database password is hunter2")


@client(websocket=True, registry=registry)
def refuse(call: Call) -> int:
    raise ProtocolError("forbidden", "not today")


@client(registry=registry)
def http_only(call: Call) -> int:
    return 1


@client(auth=True, registry=registry)
def sign_out(call: Call) -> None:
    """What the app's sign-out does: it closes the caller's sockets everywhere."""
    assert call.user is not None
    registry.sign_out(call.user.id)


class Tick(BaseModel):
    n: int
    note: str = ""


class TickerParams(BaseModel):
    topic: str


@client(websocket=True, registry=registry)
def tick(call: Call, topic: str, n: int) -> None:
    """Publishes from sync code (a worker thread)."""
    registry.publish("ticker", {"topic": topic}, Tick(n=n))


@client(websocket=True, registry=registry)
async def atick(call: Call, topic: str, n: int, count: int = 1) -> None:
    """Publishes from async code."""
    for i in range(count):
        await registry.apublish("ticker", TickerParams(topic=topic), Tick(n=n + i))


@client(websocket=True, registry=registry)
async def flood(call: Call, topic: str, count: Annotated[int, Field(le=20000)],
                size: Annotated[int, Field(le=3000)]) -> int:
    """Publishes `count` messages of about `size` bytes each, as fast as it can."""
    note = "x" * size
    for i in range(count):
        await registry.apublish("ticker", {"topic": topic}, Tick(n=i, note=note))
    return count


register_channel("ticker", message=Tick, params=TickerParams, doc="Numbers, by topic.",
                 registry=registry)


class Alert(BaseModel):
    text: str


register_channel("alerts", message=Alert, auth=True, registry=registry)


class ChatMessage(BaseModel):
    text: str
    user: str


class ChatSend(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=200)]


@channel(registry=registry)
class Chat:
    """One chat room; `staff-room` is for staff only."""

    class Params(BaseModel):
        room: Annotated[str, Field(min_length=1, max_length=20)]

    Message = ChatMessage
    Send = ChatSend

    def authorize(self, call: Call, params: Chat.Params) -> bool:
        return params.room != "staff-room" or bool(call.user and call.user.is_staff)

    def group(self, params: Chat.Params) -> str:
        return params.room

    def on_send(self, call: Call, params: Chat.Params, message: ChatSend) -> ChatMessage:
        return ChatMessage(text=message.text,
                            user=call.user.username if call.user else "anonymous")
