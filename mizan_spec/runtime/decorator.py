"""`@client`: the decorator-first way to register a server function.

    @client
    @client(context="user")
    @client(affects=["user", user_profile], auth=True)
    @client(auth="staff" | "superuser" | can_edit, websocket=True, route="/p/<id>/", rev=2)
    @client(context="global", cache="5m")      # kept by the server cache for five minutes

The function is returned unchanged (still callable as plain Python), marked with its
registered name so that `affects=` can name it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar, overload

from mizan_spec.runtime.registry import (
    _NAME_ATTR,
    AffectsSpec,
    AuthSpec,
    Registry,
    default_registry,
)

F = TypeVar("F", bound=Callable[..., Any])


@overload
def client(fn: F, /) -> F: ...


@overload
def client(*, name: str | None = None, context: str | None = None,
           affects: AffectsSpec = None, auth: AuthSpec = None, websocket: bool = False,
           route: str | None = None, rev: int = 1, doc: str | None = None,
           cache: str | int | None = None,
           registry: Registry | None = None) -> Callable[[F], F]: ...


def client(fn: Any = None, /, *, name: str | None = None, context: str | None = None,
           affects: AffectsSpec = None, auth: AuthSpec = None, websocket: bool = False,
           route: str | None = None, rev: int = 1, doc: str | None = None,
           cache: str | int | None = None, registry: Registry | None = None) -> Any:
    """Register a server function in `registry` (the default registry if not given)."""
    target = registry if registry is not None else default_registry

    def register(f: F) -> F:
        entry = target.add(f, name=name, context=context, affects=affects, auth=auth,
                           websocket=websocket, route=route, rev=rev, doc=doc, cache=cache)
        with contextlib.suppress(AttributeError, TypeError):
            setattr(f, _NAME_ATTR, entry.name)
        return f

    return register(fn) if fn is not None else register


def register_context(name: str, doc: str | None = None, *,
                     registry: Registry | None = None) -> None:
    """Document a context (optional: a context exists once it has a member)."""
    (registry if registry is not None else default_registry).register_context(name, doc)


def register_predicate(name: str, fn: Callable[..., bool | Awaitable[bool]],
                       doc: str | None = None, *, registry: Registry | None = None) -> None:
    """Register a named auth predicate, for `auth="name"` (a `def` or an `async def`;
    only `True` allows)."""
    (registry if registry is not None else default_registry).register_predicate(name, fn, doc)


__all__: Sequence[str] = ("client", "register_context", "register_predicate")
