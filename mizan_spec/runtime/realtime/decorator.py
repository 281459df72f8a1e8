"""The decorator-first shapes of a channel declaration.

    @channel(registry=registry)
    class Chat:
        \"\"\"One chat room.\"\"\"
        class Params(BaseModel):
            room: str
        class Message(BaseModel):
            text: str
            user: str
        class Send(BaseModel):          # optional: what clients may send
            text: str

        def authorize(self, call, params): return call.user is not None
        def group(self, params): return params.room
        def on_send(self, call, params, message): return Chat.Message(...)

    register_channel("alerts", message=Alert, auth="staff")

The channel is named after the class in snake_case (`Chat` is `chat`, `RoomEvents`
`room_events`) unless `name=` says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from mizan_spec.runtime.realtime.declare import ChannelEntry, class_declaration
from mizan_spec.runtime.registry import AuthSpec, Registry, default_registry

C = TypeVar("C", bound=type)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def channel(*, name: str | None = None, auth: AuthSpec = None,
            registry: Registry | None = None) -> Callable[[C], C]:
    """Declare the channel a class describes (see the module doc); the class is returned
    unchanged."""

    def declare(cls: C) -> C:
        target = registry if registry is not None else default_registry
        target.add_channel(name or _snake(cls.__name__), auth=auth, **class_declaration(cls))
        return cls

    return declare


def register_channel(name: str, *, message: Any, params: type[BaseModel] | None = None,
                     send: Any = None, auth: AuthSpec = None, authorize: Any = None,
                     group: Any = None, on_send: Any = None, doc: str | None = None,
                     registry: Registry | None = None) -> ChannelEntry:
    """Declare a channel from its parts."""
    target = registry if registry is not None else default_registry
    return target.add_channel(name, message=message, params=params, send=send, auth=auth,
                              authorize=authorize, group=group, on_send=on_send, doc=doc)
