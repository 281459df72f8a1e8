"""The generated Python client's channels: `AsyncClient.subscribe_<name>(...)`.

For a channel `chat` with a param `room` the async client gets
`subscribe_chat(*, room, on_gap=None) -> Subscription[ChatMessage]`, an async iterator
of the channel's messages (typed by its message type) over the client's one WebSocket
(spec/protocol.md §11; the `websockets` package, the `client` extra), which its
`websocket` functions' calls share. The subscription keeps the last sequence it saw;
when the socket drops it is dialled again with backoff and every subscription
subscribes again with `after`, so it receives what it missed, or reports a `gap` (the
messages are no longer kept) to `on_gap` and in `Subscription.gaps`. The `Connection`
and `Subscription` classes are a static template piece
(`generators/python-client/subscription.py.j2`), included when the IR has a channel or
a `websocket` function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mizan_spec.check.names import python_param_name
from mizan_spec.ir.model import IR
from mizan_spec.ir.types import TypeExpr


@dataclass(frozen=True)
class SubscribeParam:
    name: str  # Python
    wire: str
    annotation: str
    default: bool  # optional: omitted unless given


@dataclass(frozen=True)
class SubscribeMethod:
    name: str  # subscribe_<channel>
    channel: str
    doc: str
    params: tuple[SubscribeParam, ...]
    message: str  # the message annotation
    adapter: str  # the module-level TypeAdapter of the message


def subscribe_methods(ir: IR, py_type: Callable[[TypeExpr], str],
                      adapter: Callable[[str, TypeExpr], str]) -> list[SubscribeMethod]:
    """One method per channel; `adapter(channel, message)` names (and defines) the
    TypeAdapter reading its messages."""
    out = []
    for c in ir.channels:
        params = tuple(SubscribeParam(python_param_name(p.name), p.name,
                                      py_type(p.type) + (" | Unset" if p.has_default else ""),
                                      p.has_default)
                       for p in c.params)
        first = (c.doc or f"Messages of channel `{c.name}`.").replace('"""', "'''")
        doc = (f"{first}\n\n        An async iterator of `{py_type(c.message)}` over the "
               "socket, resuming after a dropped\n        connection; a gap (messages no "
               "longer kept) goes to `on_gap`.")
        name = adapter(c.name, c.message)
        out.append(SubscribeMethod(f"subscribe_{c.name}", c.name, doc, params,
                                   py_type(c.message), name))
    return out
