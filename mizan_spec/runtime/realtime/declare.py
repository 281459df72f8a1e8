"""Channels declared in Python: what `Registry.add_channel` and `@channel` build.

A channel is a pub/sub group family: subscribers pick a group by its params, the server
pushes `message`s to the group, and clients may `send` to it when the channel declares a
send type (handled by `on_send`). The declaration gives the IR its `irm.Channel` and the
realtime runtime the models it validates frames with (spec/protocol.md §11).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, create_model
from pydantic_core import to_json

from mizan_spec.ir import model as irm
from mizan_spec.ir.types import Named, Optional, format_type
from mizan_spec.runtime.call import Call
from mizan_spec.runtime.typemap import RegistrationError, TypeCollector, _doc, field_of

Authorize = Callable[[Call, Any], bool | Awaitable[bool]]
"""`authorize(call, params)`: runs on every subscribe; only `True` allows."""
GroupOf = Callable[[Any], str]
"""`group(params)`: the name of the group the params select (default: the params)."""
OnSend = Callable[[Call, Any, Any], Any]
"""`on_send(call, params, message)`: a client sent `message`; what it returns (unless
None) is published to the sender's group. A `def` or an `async def`."""

_FRAME_CONFIG = ConfigDict(extra="forbid", allow_inf_nan=False)
_GROUP_KEY_SCALARS = frozenset({"str", "int", "bool", "uuid", "date"})
"""The checker's `GROUP_KEY_SCALARS` (E702): each value has exactly one text."""
_SEVERAL_TEXTS = frozenset({"float", "decimal", "datetime"})


@dataclass
class ChannelEntry:
    """One declared channel and everything the realtime runtime needs to serve it."""

    channel: irm.Channel
    params_class: type[BaseModel] | None  # the declaration's own params model
    params_model: type[BaseModel]  # strict, extra members refused, by wire name
    message: TypeAdapter[Any]
    send: TypeAdapter[Any] | None
    authorize: Authorize | None
    group: GroupOf | None
    on_send: OnSend | None
    predicate: Callable[..., bool | Awaitable[bool]] | None
    subscribe_frame: type[BaseModel]
    send_frame: type[BaseModel] | None

    @property
    def name(self) -> str:
        return self.channel.name

    def user_params(self, validated: BaseModel) -> Any:
        """What `authorize`, `group` and `on_send` receive: the declaration's own model."""
        if self.params_class is None:
            return validated
        return self.params_class.model_validate(validated.model_dump())

    def group_of(self, validated: BaseModel) -> str:
        """The group name: `group(params)`, or the params' canonical JSON (wire names,
        declared order)."""
        if self.group is not None:
            name = self.group(self.user_params(validated))
            if not isinstance(name, str):
                raise TypeError(f"group() of channel {self.name!r} must return a str")
            return name
        return to_json(validated.model_dump(mode="json", by_alias=True)).decode()

    def encode_message(self, message: Any) -> bytes:
        """The message in its wire form (raises if it is not of the channel's type)."""
        value = self.message.validate_python(message)
        return self.message.serializer.to_json(value, by_alias=True, warnings="error")


def build_channel(types: TypeCollector, name: str, *, message: Any,
                  params: type[BaseModel] | None = None, send: Any = None,
                  auth: str = irm.AUTH_PUBLIC,
                  predicate: Callable[..., bool | Awaitable[bool]] | None = None,
                  authorize: Authorize | None = None, group: GroupOf | None = None,
                  on_send: OnSend | None = None, doc: str | None = None) -> ChannelEntry:
    where = f"channel {name!r}"
    if not name.isidentifier():
        raise RegistrationError(f"{where}: a channel name must be an identifier")
    if params is not None and not (isinstance(params, type) and issubclass(params, BaseModel)):
        raise RegistrationError(f"{where}: params must be a pydantic model class")
    if send is not None and on_send is None:
        raise RegistrationError(f"{where}: a channel clients may send to needs `on_send`")
    if on_send is not None and send is None:
        raise RegistrationError(f"{where}: `on_send` needs a `send` type")
    fields: list[irm.Field] = []
    model_fields: dict[str, Any] = {}
    for py_name, info in (params.model_fields.items() if params is not None else ()):
        pwhere = f"{where}, param {py_name!r}"
        t = types.type_of(info.annotation, pwhere)
        key = t.inner if isinstance(t, Optional) else t  # `T?` as language.md §5.7 allows
        if not isinstance(key, Named) or not (key.name in _GROUP_KEY_SCALARS
                                              or key.name in types.enums):
            why = ("one value of it has more than one text" if isinstance(key, Named)
                   and key.name in _SEVERAL_TEXTS else "a group is named by single scalar "
                   "values")
            raise RegistrationError(f"{pwhere}: a channel param selects a group and must be "
                                    "a str, int, bool, uuid, date or enum (or one of them "
                                    f"optional), not a {format_type(key)}: {why}")
        fields.append(field_of(info.alias or py_name, t, info, pwhere))
        model_fields[py_name] = (info.annotation, info)
    params_model: type[BaseModel] = create_model(f"{name}__params", __config__=_FRAME_CONFIG,
                                                 **model_fields)
    message_type = types.type_of(message, f"{where}, message")
    send_type = types.type_of(send, f"{where}, send") if send is not None else None
    frame_id = (Any, ...)
    subscribe_frame: type[BaseModel] = create_model(
        f"{name}__subscribe", __config__=_FRAME_CONFIG, type=(str, ...), id=frame_id,
        channel=(str, ...), params=(params_model, ...), after=(Any, None))
    send_frame: type[BaseModel] | None = None
    if send is not None:
        send_frame = create_model(f"{name}__send", __config__=_FRAME_CONFIG, type=(str, ...),
                                  id=frame_id, sub=(Any, ...), message=(send, ...))
    for fn, what in ((authorize, "authorize"), (group, "group"), (on_send, "on_send")):
        if fn is not None and not callable(fn):
            raise RegistrationError(f"{where}: {what} must be callable")
    if group is not None and inspect.iscoroutinefunction(group):
        raise RegistrationError(f"{where}: group(params) must be a plain `def`")
    ir_channel = irm.Channel(name, message_type, tuple(fields), doc, auth, send_type)
    return ChannelEntry(ir_channel, params, params_model, TypeAdapter(message),
                        TypeAdapter(send) if send is not None else None, authorize, group,
                        on_send, predicate, subscribe_frame, send_frame)


def class_declaration(cls: type) -> dict[str, Any]:
    """The keywords of `add_channel` read from a class (`@channel`): nested `Params`,
    `Message` and `Send` models, and `authorize`, `group`, `on_send` methods (called on
    one instance of the class), its docstring as the doc."""
    message = getattr(cls, "Message", None)
    if message is None:
        raise RegistrationError(f"channel class {cls.__name__}: it needs a nested `Message` "
                                "type")
    instance = cls()
    return {"message": message, "params": getattr(cls, "Params", None),
            "send": getattr(cls, "Send", None),
            "authorize": getattr(instance, "authorize", None),
            "group": getattr(instance, "group", None),
            "on_send": getattr(instance, "on_send", None), "doc": _doc(cls)}
