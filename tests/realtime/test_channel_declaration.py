"""Channels declared in Python: the three shapes build the same `irm.Channel`, the IR
export carries channels (with the types and predicates they reach), and declarations
that break a rule are refused with a message naming the channel."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field

from mizan_spec.ir import model as irm
from mizan_spec.ir.types import Named
from mizan_spec.runtime import Call, RegistrationError, Registry, client
from mizan_spec.runtime.realtime.decorator import channel, register_channel


class Room(enum.StrEnum):
    lobby = "lobby"
    staff = "staff"


class Line(BaseModel):
    """One line of chat."""

    text: str
    by: str


class Typed(BaseModel):
    text: Annotated[str, Field(max_length=200)]


class ChatParams(BaseModel):
    room: Room
    page: int = 1


def member_only(call: Call, params: dict[str, Any]) -> bool:
    """Members of the room only."""
    return call.user is not None


def _registry() -> Registry:
    registry = Registry()

    @client(registry=registry)
    def ping(call: Call) -> int:
        return 1

    return registry


def test_add_channel_fills_the_ir() -> None:
    registry = _registry()
    registry.add_channel("room_chat", message=Line, params=ChatParams, send=Typed,
                         auth=member_only, on_send=lambda call, params, message: None,
                         doc="A room.")
    ir = registry.export_ir()
    (chat,) = ir.channels
    assert chat.name == "room_chat" and chat.doc == "A room."
    assert chat.message == Named("Line") and chat.send == Named("Typed")
    assert [(p.name, p.type, p.has_default, p.default) for p in chat.params] == [
        ("room", Named("Room"), False, None), ("page", Named("int"), True, 1)]
    assert chat.auth == "member_only"
    assert [p.name for p in ir.predicates] == ["member_only"]  # reached by the channel only
    assert {s.name for s in ir.structs} == {"Line", "Typed"}  # reached by the channel only
    assert [e.name for e in ir.enums] == ["Room"]


def test_the_three_shapes_declare_the_same_channel() -> None:
    first, second, third = _registry(), _registry(), _registry()

    def send_back(call: Call, params: ChatParams, message: Typed) -> Line:
        return Line(text=message.text, by="x")

    first.add_channel("chat", message=Line, params=ChatParams, send=Typed, auth=True,
                      on_send=send_back, doc="Chat.")
    register_channel("chat", message=Line, params=ChatParams, send=Typed, auth=True,
                     on_send=send_back, doc="Chat.", registry=second)

    @channel(auth=True, registry=third)
    class Chat:
        """Chat."""

        Params = ChatParams
        Message = Line
        Send = Typed

        def on_send(self, call: Call, params: ChatParams, message: Typed) -> Line:
            return send_back(call, params, message)

    channels = {r.export_ir().channels for r in (first, second, third)}
    assert len(channels) == 1
    assert next(iter(channels))[0].auth == irm.AUTH_AUTHENTICATED


def test_channel_classes_are_named_in_snake_case() -> None:
    registry = _registry()

    @channel(registry=registry)
    class RoomEvents:
        Message = Line

    assert [c.name for c in registry.export_ir().channels] == ["room_events"]


def test_an_ir_without_channels_is_unchanged() -> None:
    registry = _registry()
    assert registry.export_ir().channels == ()


def test_the_runtime_accepts_the_group_keys_the_checker_accepts() -> None:
    from mizan_spec.check.channels import GROUP_KEY_SCALARS
    from mizan_spec.runtime.realtime import declare

    assert frozenset(GROUP_KEY_SCALARS) == declare._GROUP_KEY_SCALARS


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"params": type("P", (BaseModel,), {"__annotations__": {"x": float}})},
     "a channel param selects a group and must be a str, int, bool, uuid, date or enum "
     "(or one of them optional), not a float: one value of it has more than one text"),
    ({"params": type("D", (BaseModel,), {"__annotations__": {"price": Decimal}})},
     "channel 'chat', param 'price': a channel param selects a group and must be a str, "
     "int, bool, uuid, date or enum (or one of them optional), not a decimal: one value "
     "of it has more than one text"),
    ({"params": type("O", (BaseModel,), {"__annotations__": {"price": Decimal | None}})},
     "param 'price': a channel param selects a group"),
    ({"params": type("Q", (BaseModel,), {"__annotations__": {"x": list[str]}})},
     "must be a str, int"),
    ({"send": Typed}, "a channel clients may send to needs `on_send`"),
    ({"on_send": print}, "`on_send` needs a `send` type"),
    ({"params": dict}, "params must be a pydantic model class"),
    ({"auth": "no_such_predicate"}, "auth 'no_such_predicate' is neither a level nor a "
                                    "registered predicate"),
])
def test_a_declaration_that_breaks_a_rule_is_refused(kwargs: dict[str, Any],
                                                     message: str) -> None:
    registry = _registry()
    with pytest.raises(RegistrationError, match="channel 'chat'") as err:
        registry.add_channel("chat", message=Line, **kwargs)
        registry.export_ir()
    assert message in str(err.value)


def test_names_are_checked() -> None:
    registry = _registry()
    with pytest.raises(RegistrationError, match="must be an identifier"):
        registry.add_channel("no-dash", message=Line)
    registry.add_channel("chat", message=Line)
    with pytest.raises(RegistrationError, match="declared twice"):
        registry.add_channel("chat", message=Line)
    with pytest.raises(RegistrationError, match="nested `Message`"):
        channel(registry=registry)(type("NoMessage", (), {}))
