"""The chat's API declared in Python, decorator-first (`@client`, `@channel`), without a
spec: it exports the same IR, byte for byte, as `spec/chat.mizan.kdl`
(tests/examples/test_chat.py checks it). Serve it with
`mizan_router(registry)` or `mizan_urls(registry)`; the bodies here are minimal."""

from __future__ import annotations

from typing import Annotated

from mizan_spec.runtime import Call, Registry
from mizan_spec.runtime.decorator import client, register_context
from mizan_spec.runtime.realtime.decorator import channel
from pydantic import BaseModel, Field

registry = Registry()
register_context("global", "What everyone sees alike: the rooms.", registry=registry)

Room = Annotated[str, Field(min_length=1, max_length=64)]


class ChatMessage(BaseModel):
    """One message of a room, as the room's subscribers receive it."""

    id: int
    room: str
    user: str
    text: str


class ChatPost(BaseModel):
    """What a client may send to a room over the socket."""

    text: Annotated[str, Field(min_length=1, max_length=500)]


_messages: list[ChatMessage] = []


@channel(auth=True, registry=registry)
class Chat:
    """Messages of one chat room."""

    class Params(BaseModel):
        room: Annotated[str, Field(description="The room's slug.", min_length=1,
                                   max_length=64)]

    Message = ChatMessage
    Send = ChatPost

    def on_send(self, call: Call, params: Params, message: ChatPost) -> ChatMessage:
        return _store(params.room, call.user.username if call.user else "", message.text)


def _store(room: str, user: str, text: str) -> ChatMessage:
    stored = ChatMessage(id=len(_messages) + 1, room=room, user=user, text=text)
    _messages.append(stored)
    return stored


@client(context="global", registry=registry)
def list_rooms(call: Call) -> list[str]:
    """Every room with messages, sorted."""
    return sorted({m.room for m in _messages})


@client(auth=True, registry=registry)
def history(call: Call, *, room: Room,
            limit: Annotated[int, Field(ge=1, le=100)] = 50) -> list[ChatMessage]:
    """The last messages of a room, oldest first."""
    return [m for m in _messages if m.room == room][-limit:]


@client(auth=True, affects="global", registry=registry)
def post_message(call: Call, *, room: Room,
                 text: Annotated[str, Field(min_length=1, max_length=500)]) -> ChatMessage:
    """Post to a room: its subscribers receive the message on `chat`."""
    message = _store(room, call.user.username if call.user else "", text)
    registry.publish("chat", {"room": room}, message)
    return message
