"""Channels: what a `channel` declaration may say (language.md §5.7).

- `message` (the type the server pushes to subscribers) is required; `send` (what
  clients may send to the channel) is optional; both are type expressions, resolved
  by the types pass like any other.
- `auth` is a level or a declared predicate, exactly as for functions (E506).
- Params select the group a subscriber joins, so each must have one canonical text:
  `str`, `int`, `bool`, `uuid`, `date`, an enum, or one of these made optional (`T?`).
  Floats and decimals (`1.0`, `1`, `1e0`), datetimes (offsets, fractions), JSON, lists,
  dicts and structs have several spellings of one value and are refused.
- The names generated for a channel (`subscribe_<name>` in the Python client,
  `use<Name>Channel` in React) may not meet a function's or another channel's, and no
  param may be called `message`, the publisher's keyword for the message itself.
"""

from __future__ import annotations

from mizan_spec.check.declarations import ChannelDecl, Declarations, TypeRef
from mizan_spec.check.functions import check_auth
from mizan_spec.check.generated_names import (
    CHANNELS_CLASS,
    channel_classes,
    channel_methods,
    pascal,
)
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Related
from mizan_spec.ir.types import Named, Optional, format_type

GROUP_KEY_SCALARS = ("str", "int", "bool", "uuid", "date")
"""Scalars a channel param may have: each value has exactly one text in a group name."""


def channel_type_refs(decls: Declarations) -> list[TypeRef]:
    """Every type a channel names: its params', its message's and its send type's."""
    refs: list[TypeRef] = []
    for ch in decls.channels:
        refs.extend(p.type for p in ch.params)
        refs.extend(r for r in (ch.message, ch.send) if r is not None)
    return refs


PUBLISH_MESSAGE = "message"
"""The keyword of the message in a channel's Python publisher, beside its params."""


def python_subscriber(channel: str) -> str:
    """The Python client's method that subscribes to a channel."""
    return f"subscribe_{channel}"


def react_hook(channel: str) -> str:
    """The React hook of a channel."""
    return f"use{pascal(channel)}Channel"


def check_channels(decls: Declarations, out: list[Diagnostic]) -> None:
    predicates = {p.name for p in decls.predicates}
    enums = {e.name for e in decls.enums}
    for ch in decls.channels:
        if ch.message is None:
            out.append(Diagnostic(codes.CHANNEL_MESSAGE, ch.node.arg_span(0),
                                  f"channel `{ch.name}` does not say what it pushes",
                                  'add the type of its messages: `message=ChatMessage`'))
        check_auth(ch.auth, ch.node, predicates, out)
        _group_keys(ch, enums, out)
    _generated_names(decls, out)
    _server_names(decls, out)


def _group_keys(ch: ChannelDecl, enums: set[str], out: list[Diagnostic]) -> None:
    for p in ch.params:
        t = p.type.parsed
        if t is None:
            continue
        inner = t.inner if isinstance(t, Optional) else t
        if isinstance(inner, Named) and (inner.name in GROUP_KEY_SCALARS or inner.name in enums):
            continue
        why = ("one value of it has more than one text" if isinstance(inner, Named)
               and inner.name in ("float", "decimal", "datetime")
               else "a group is named by single scalar values")
        out.append(Diagnostic(
            codes.GROUP_KEY, p.node.arg_span(1),
            f"param `{p.name}` of channel `{ch.name}` is a `{format_type(t)}`, which cannot "
            f"select a group: {why}",
            "channel params are str, int, bool, uuid, date or an enum (or `T?` of one)"))


def _generated_names(decls: Declarations, out: list[Diagnostic]) -> None:
    functions = {f.name: f for f in decls.functions if f.route is None}
    hooks = {f"use{pascal(f.name)}": f for f in functions.values()}
    seen: dict[str, ChannelDecl] = {}
    for ch in decls.channels:
        if not ch.name:
            continue
        for p in ch.params:
            if p.name == PUBLISH_MESSAGE:
                out.append(Diagnostic(
                    codes.CHANNEL_NAME_CLASH, p.node.arg_span(0),
                    f"param `{p.name}` of channel `{ch.name}` would meet the message itself "
                    f"in `channels.{ch.name}.publish(..., {PUBLISH_MESSAGE}=...)`",
                    "rename the param"))
        span = ch.node.arg_span(0)
        method = python_subscriber(ch.name)
        hook = react_hook(ch.name)
        if method in functions:
            fn = functions[method]
            out.append(Diagnostic(
                codes.CHANNEL_NAME_CLASH, span,
                f"channel `{ch.name}` is subscribed to with the Python client's `{method}()`, "
                f"which is function `{fn.name}`'s method", "rename the channel or the function",
                (Related(fn.node.arg_span(0), "the function"),)))
        if hook in hooks:
            fn = hooks[hook]
            out.append(Diagnostic(
                codes.CHANNEL_NAME_CLASH, span,
                f"channel `{ch.name}` and function `{fn.name}` would both have the React hook "
                f"`{hook}`", "rename the channel or the function",
                (Related(fn.node.arg_span(0), "the function"),)))
        first = seen.get(hook)
        if first is not None and first.name != ch.name:  # the same name twice is E203
            out.append(Diagnostic(
                codes.CHANNEL_NAME_CLASH, span,
                f"channels `{first.name}` and `{ch.name}` would both have the React hook "
                f"`{hook}`", "rename one of them",
                (Related(first.node.arg_span(0), "first here"),)))
        seen.setdefault(hook, ch)


def _server_names(decls: Declarations, out: list[Diagnostic]) -> None:
    """`gen python`'s names of a channel (the implementation's `authorize_chat` and
    `on_send_chat`, the `ChatParams` model and `ChatPublisher` of channels.py, and the
    `Channels` class) against the spec's functions, predicates, types and enums."""
    named = {d.name: (kind, d.node) for kind, group in (
        ("function", decls.functions), ("predicate", decls.predicates),
        ("type", decls.types), ("enum", decls.enums)) for d in group if d.name}
    for ch in decls.channels:
        if not ch.name:
            continue
        for name in (*channel_methods(ch.name, ch.send is not None),
                     *channel_classes(ch.name)):
            if name in named:
                kind, node = named[name]
                out.append(Diagnostic(
                    codes.CHANNEL_NAME_CLASH, ch.node.arg_span(0),
                    f"channel `{ch.name}` makes `{name}` in the generated Python package, "
                    f"which is {kind} `{name}`'s name", f"rename the channel or the {kind}",
                    (Related(node.arg_span(0), f"the {kind}"),)))
    first = next((ch for ch in decls.channels if ch.name), None)
    if first is not None and CHANNELS_CLASS in named:
        kind, node = named[CHANNELS_CLASS]
        out.append(Diagnostic(
            codes.CHANNEL_NAME_CLASH, node.arg_span(0),
            f"{kind} `Channels` meets the generated Python package's `Channels`, the class "
            "of every channel's publisher", f"rename the {kind}",
            (Related(first.node.arg_span(0), "a channel"),)))
