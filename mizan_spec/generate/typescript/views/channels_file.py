"""The views of channels.ts (the typed channel API over realtime.ts) and of
react_channels.ts (one `useXxxChannel` hook per channel)."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.names import doc_comment, prop, string
from mizan_spec.generate.typescript.symbols import Symbols
from mizan_spec.generate.typescript.views.common import (
    is_optional_param,
    outside,
    uses_declared,
    uses_json,
)
from mizan_spec.ir.model import IR
from mizan_spec.ir.types import TypeExpr


@dataclass(frozen=True)
class ChannelParam:
    prop: str
    type: str
    optional: bool
    doc: tuple[str, ...]


@dataclass(frozen=True)
class ChannelView:
    wire_string: str
    subscribe: str
    send: str | None  # None: clients only listen
    params_type: str
    params_optional: bool
    params: tuple[ChannelParam, ...]
    message_type: str
    send_type: str | None
    hook: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class ChannelsFile:
    imports: tuple[str, ...]  # channels.ts: what messages, sends and parameters need
    # the front-end bindings (React, Vue, Svelte): what messages and sends need; their
    # parameters are channels.ts's `XxxParams`, so a type only parameters use is not imported
    binding_imports: tuple[str, ...]
    channels: tuple[ChannelView, ...]


def _imports(types: list[TypeExpr]) -> tuple[str, ...]:
    return (*(['import type { JsonValue } from "./kernel.js";'] if uses_json(types) else []),
            *(['import type * as types from "./types.js";'] if uses_declared(types) else []))


def channels_file(ir: IR, symbols: Symbols) -> ChannelsFile:
    views = []
    carried: list[TypeExpr] = []  # messages and sends
    params: list[TypeExpr] = []
    for ch in ir.channels:
        s = symbols.channels[ch.name]
        carried += [ch.message, *([ch.send] if ch.send is not None else [])]
        params += [p.type for p in ch.params]
        fields = tuple(ChannelParam(prop(p.name), outside(p.type), is_optional_param(p),
                                    tuple(doc_comment(p.doc, "  "))) for p in ch.params)
        views.append(ChannelView(
            string(ch.name), s.subscribe, s.send if ch.send is not None else None, s.params,
            all(p.optional for p in fields), fields, outside(ch.message),
            None if ch.send is None else outside(ch.send), s.hook,
            tuple(doc_comment(ch.doc or f"The `{ch.name}` channel."))))
    return ChannelsFile(_imports([*carried, *params]), _imports(carried), tuple(views))
