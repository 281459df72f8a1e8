"""Auth checks, run before a server function: built-in levels, then named predicates.

Levels are checked before the arguments are validated (an anonymous caller learns
nothing about a staff function's parameters); predicates after, since they see the args.
A predicate may be a `def` or an `async def` (its awaitable is awaited by the caller of
`ask_predicate`); only the result `True` allows, `False` refuses, and anything else is a
bug of the server (logged, answered `internal_error`): never an allow. Within one request
a predicate runs once per distinct arguments: the members of a `ctx/` fetch it guards
share its verdict (`Verdicts`).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mizan_spec.ir import model as irm
from mizan_spec.runtime.call import Call, Principal
from mizan_spec.runtime.errors import INTERNAL, ProtocolError

NOT_SIGNED_IN = ProtocolError("not_authenticated", "sign in to call this function")
FORBIDDEN = ProtocolError("forbidden", "you may not call this function")
log = logging.getLogger("mizan_spec.runtime")


def check_level(level: str, user: Principal | None) -> ProtocolError | None:
    """None if `user` meets the built-in `level`; predicates pass here (checked later)."""
    if level == irm.AUTH_PUBLIC or level not in irm.AUTH_LEVELS:
        return None
    if user is None:
        return NOT_SIGNED_IN
    if level == irm.AUTH_STAFF and not (user.is_staff or user.is_superuser):
        return FORBIDDEN
    if level == irm.AUTH_SUPERUSER and not user.is_superuser:
        return FORBIDDEN
    return None


def ask_predicate(name: str, predicate: Callable[..., Any] | None, call: Call,
                  args: dict[str, Any]) -> object:
    """What the predicate answers: a value, or an awaitable the caller must await. A
    predicate missing from the registry answers None (which `verdict` refuses)."""
    if predicate is None:
        log.error("auth predicate %r is not registered", name)
        return None
    return predicate(call, args)


def is_pending(answer: object) -> bool:
    """The predicate was an `async def` (or returned an awaitable): await it first."""
    return inspect.isawaitable(answer)


def verdict(name: str, answer: object, call: Call) -> ProtocolError | None:
    """None only for exactly `True`; `False` is 401 for an anonymous caller, else 403;
    any other value is logged and answered `internal_error`."""
    if answer is True:
        return None
    if answer is False:
        return NOT_SIGNED_IN if call.user is None else FORBIDDEN
    log.error("auth predicate %r returned %s, not a bool: the call is refused", name,
              type(answer).__name__)
    return INTERNAL


@dataclass(slots=True)
class Verdicts:
    """The verdicts of one request's predicates, by predicate name and arguments (compared
    with `==`: the validated values), so that several members of one `ctx/` fetch guarded
    by the same predicate with the same arguments ask it once."""

    known: list[tuple[str, dict[str, Any], ProtocolError | None]] = field(default_factory=list)

    def find(self, name: str, args: dict[str, Any]) -> tuple[bool, ProtocolError | None]:
        """(True, the verdict already reached), or (False, None) if not asked yet."""
        for known_name, known_args, decided in self.known:
            if known_name == name and known_args == args:
                return True, decided
        return False, None

    def add(self, name: str, args: dict[str, Any], decided: ProtocolError | None) -> None:
        self.known.append((name, args, decided))
