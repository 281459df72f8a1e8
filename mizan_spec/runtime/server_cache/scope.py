"""Who shares a cache entry: the scope rule of spec/language.md §5.6.

Shared: public auth and no context or `global`. Per caller: everything else, keyed by
the signed-in caller's id, all anonymous callers in one anonymous scope. The rule reads
only the IR, so it is the same on every process and every backend.
"""

from __future__ import annotations

from mizan_spec.ir import model as irm
from mizan_spec.runtime.call import Principal

SHARED = "*"
ANONYMOUS = "anon"


def is_shared(function: irm.Function) -> bool:
    """One entry per arguments for everyone: public, and in no context or in `global`."""
    return function.auth == irm.AUTH_PUBLIC and function.context in (None, irm.GLOBAL_CONTEXT)


def caller_scope(user: Principal | None) -> str:
    """The per-caller scope of `user`: `u:<id>`, or the anonymous scope."""
    return ANONYMOUS if user is None else f"u:{user.id}"


def scope_of(function: irm.Function, user: Principal | None) -> str:
    return SHARED if is_shared(function) else caller_scope(user)
