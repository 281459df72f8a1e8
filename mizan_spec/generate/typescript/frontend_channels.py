"""The views of vue_channels.ts and svelte_channels.ts, the channel bindings of the Vue
and Svelte front ends (one `useXxxChannel(params)` composable, one `xxxChannel(params)`
store per channel), over channels.ts and the client's one socket as React's hooks are.

Each file's names are claimed after everything it imports or declares in a fixed order:
one already taken gets `_` appended."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.names import Namespace
from mizan_spec.generate.typescript.views.channels_file import ChannelsFile, ChannelView

VUE_FIXED = ("computed", "onScopeDispose", "shallowRef", "toValue", "watch",
             "getCurrentScope", "getCurrentInstance", "onMounted", "MaybeRefOrGetter", "Ref",
             "MizanClient", "MizanError",
             "useMizanClient", "realtime", "ConnectionState", "SubscribeOptions", "channels",
             "types", "JsonValue", "ChannelState", "SendChannelState", "ChannelOptions",
             "channelState")
SVELTE_FIXED = ("get", "readable", "Readable", "MizanClient", "MizanError", "getMizanClient",
                "realtime", "ConnectionState", "SubscribeOptions", "channels", "types",
                "JsonValue", "isStore", "ChannelState", "ChannelStore", "SendChannelStore",
                "ChannelOptions", "channelStore")


@dataclass(frozen=True)
class BoundChannel:
    c: ChannelView
    name: str  # useChatChannel (Vue), chatChannel (Svelte)


@dataclass(frozen=True)
class ChannelBindings:
    imports: tuple[str, ...]  # ChannelsFile.binding_imports
    channels: tuple[BoundChannel, ...]
    sends: bool  # some channel has a `send` type


def vue_channels(chan: ChannelsFile) -> ChannelBindings:
    ns = Namespace(VUE_FIXED)
    return ChannelBindings(chan.binding_imports,
                           tuple(BoundChannel(c, ns.claim(c.hook)) for c in chan.channels),
                           _sends(chan))


def svelte_channels(chan: ChannelsFile) -> ChannelBindings:
    ns = Namespace(SVELTE_FIXED)
    return ChannelBindings(chan.binding_imports, tuple(
        BoundChannel(c, ns.claim(_lower_first(c.hook.removeprefix("use"))))
        for c in chan.channels), _sends(chan))


def _sends(chan: ChannelsFile) -> bool:
    return any(c.send is not None for c in chan.channels)


def _lower_first(name: str) -> str:
    """`ChatChannel` -> `chatChannel` (the store beside React's `useChatChannel`)."""
    return name[:1].lower() + name[1:]
