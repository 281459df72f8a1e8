"""Channels in the IR: lowering a checked `channel` declaration, and what it reaches.

A channel reaches the types of its params, of its `message` and of its `send`, as a
function reaches those of its params and result; `finish_ir` uses `channel_roots` for
tree-shaking and `shared-by`. The text of a channel node is written by `ir.emit` and
read by `ir.load` (spec/ir.md §3.5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mizan_spec.ir.model import AUTH_AUTHENTICATED, AUTH_PUBLIC, Channel, Field
from mizan_spec.ir.types import TypeExpr

if TYPE_CHECKING:  # registries finish IRs too, without the checker
    from mizan_spec.check.declarations import ChannelDecl, FieldDecl


def channel_roots(c: Channel) -> list[TypeExpr]:
    """The type expressions a channel names directly."""
    roots = [p.type for p in c.params]
    roots.append(c.message)
    if c.send is not None:
        roots.append(c.send)
    return roots


def lower_channel(decl: ChannelDecl, field: Callable[[FieldDecl], Field]) -> Channel:
    """The IR channel of a checked declaration (`field` lowers a param)."""
    assert decl.message is not None and decl.message.parsed is not None
    auth = decl.auth
    level = (AUTH_AUTHENTICATED if auth else AUTH_PUBLIC) if isinstance(auth, bool) else auth
    send = decl.send.parsed if decl.send is not None else None
    return Channel(name=decl.name, message=decl.message.parsed,
                   params=tuple(field(p) for p in decl.params), doc=decl.doc, auth=level,
                   send=send)
