"""Comparing the channels of two IRs (spec/breaking.md, channel rules).

Subscribers send a channel's params and its `send` type, and receive its `message`: so
params follow the rules of function parameters (the same rules, `param-removed:chat.room`),
`send` may widen but not narrow nor go away, and `message` may narrow but not widen, as a
function's result (a field added to a message type is fine for listeners, a field removed
is not: the types a message reaches count as received, those `send` and params reach as
sent). `auth` follows the functions' order (`auth-tightened:chat`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mizan_spec.breaking import rules as r
from mizan_spec.breaking.rules import Anchor
from mizan_spec.ir.model import IR
from mizan_spec.ir.types import TypeExpr, format_type

if TYPE_CHECKING:
    from mizan_spec.breaking.compare import Comparer


def channel_inputs(ir: IR) -> list[TypeExpr]:
    """What subscribers send: params, and what they may send to the channel."""
    return [t for c in ir.channels for t in [*(p.type for p in c.params),
                                             *([c.send] if c.send is not None else [])]]


def channel_outputs(ir: IR) -> list[TypeExpr]:
    """What subscribers receive: the messages."""
    return [c.message for c in ir.channels]


def compare_channels(c: Comparer) -> None:
    new_channels = {ch.name: ch for ch in c.new.channels}
    for old in c.old.channels:
        new = new_channels.get(old.name)
        if new is None:
            c.add(r.CHANNEL_REMOVED, old.name, f"channel `{old.name}` was removed")
            continue
        name = new.name
        c.params(old, new)
        if not c.accepts(old.message, new.message):
            c.add(r.CHANNEL_MESSAGE, name, f"channel `{name}` pushed "
                  f"`{format_type(old.message)}`, now `{format_type(new.message)}`",
                  Anchor(name, part="message"))
        if old.send is not None and (new.send is None or not c.accepts(new.send, old.send)):
            after = f"`{format_type(new.send)}`" if new.send is not None else "nothing"
            c.add(r.CHANNEL_SEND, name, f"channel `{name}` accepted "
                  f"`{format_type(old.send)}` from clients, now {after}",
                  Anchor(name, part="send"))
        c.auth(old, new)
