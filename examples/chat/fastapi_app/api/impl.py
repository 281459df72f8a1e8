"""The chat, `async def` under FastAPI: posts are stored, then published with
`await self.channels.chat.apublish(...)`.

mizan-spec created this file once and will never change it: it is yours. When the spec
changes, regenerate; the app then refuses to start, and mypy complains, until every
method here matches the interface in `interface.py`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from mizan_spec.runtime import Call
from pydantic import Field

from chat.rooms import Rooms

from .channels import Channels, ChatParams
from .models import ChatMessage, ChatPost


class Implementation:
    """The chat's server functions and the `chat` channel's hooks."""

    channels: Channels  # the typed publishers, set when the app starts

    def __init__(self) -> None:
        self.rooms = Rooms()

    async def history(
        self,
        call: Call[Request],
        *,
        room: Annotated[str, Field(min_length=1, max_length=64)],
        limit: Annotated[int, Field(ge=1, le=100)] = 50,
    ) -> list[ChatMessage]:
        """The last messages of a room, oldest first."""
        return [ChatMessage(id=m.id, room=m.room, user=m.user, text=m.text)
                for m in self.rooms.last(room, limit)]

    async def list_rooms(self, call: Call[Request]) -> list[str]:
        """Every room with messages, sorted."""
        return self.rooms.names()

    async def post_message(
        self,
        call: Call[Request],
        *,
        room: Annotated[str, Field(min_length=1, max_length=64)],
        text: Annotated[str, Field(min_length=1, max_length=500)],
    ) -> ChatMessage:
        """Post to a room: its subscribers receive the message on `chat`."""
        assert call.user is not None  # auth=#true
        return await self._post(room, call.user.username, text)

    async def authorize_chat(self, call: Call[Request], params: ChatParams) -> bool:
        """Every signed-in user may read every room (`auth=#true` already asked)."""
        return True

    async def on_send_chat(
        self,
        call: Call[Request],
        params: ChatParams,
        message: ChatPost,
    ) -> ChatMessage | None:
        """A message sent over the socket is stored and published like a posted one."""
        assert call.user is not None
        await self._post(params.room, call.user.username, message.text)
        return None  # already published, with its id

    async def _post(self, room: str, user: str, text: str) -> ChatMessage:
        m = self.rooms.add(room, user, text)
        message = ChatMessage(id=m.id, room=m.room, user=m.user, text=m.text)
        await self.channels.chat.apublish(room=room, message=message)
        return message
