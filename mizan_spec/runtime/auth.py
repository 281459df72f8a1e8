"""Auth checks, run before a server function: built-in levels, then named predicates.

Levels are checked before the arguments are validated (an anonymous caller learns
nothing about a staff function's parameters); predicates after, since they see the args.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mizan_spec.ir import model as irm
from mizan_spec.runtime.call import Call, Principal
from mizan_spec.runtime.errors import ProtocolError

NOT_SIGNED_IN = ProtocolError("not_authenticated", "sign in to call this function")
FORBIDDEN = ProtocolError("forbidden", "you may not call this function")


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


def check_predicate(predicate: Callable[..., bool] | None, call: Call,
                    args: dict[str, Any]) -> ProtocolError | None:
    """Run a named predicate; a denial is 401 for an anonymous caller, else 403."""
    if predicate is None or predicate(call, args):
        return None
    return NOT_SIGNED_IN if call.user is None else FORBIDDEN
