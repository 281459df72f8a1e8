"""Apps for the async-predicate tests: predicates that are `async def`, in both flows.

Spec-first: the library example's generated API (`/api/mizan/`), its implementation's
`owns_loan` replaced by an `async def` that refuses everyone. Decorator-first
(`/api/decorated/`): `@client(auth=...)` with async predicates that refuse, allow, or
answer something other than a bool. Every guarded body logs a line when it runs, so the
tests can tell that a refused call never ran it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from library.store import MEMBERS, Store

from mizan_spec.runtime import Call, Principal, Registry, client

log = logging.getLogger("mizan_spec.runtime")


def principal_from(authorization: str | None) -> Principal | None:
    if authorization is None or not authorization.startswith("Bearer "):
        return None
    return MEMBERS.get(authorization.removeprefix("Bearer "))


class _WatchedStore(Store):
    def give_back(self, loan_id: int) -> Any:
        log.warning("BODY RAN: return_book")
        return super().give_back(loan_id)


def refusing(implementation: type[Any]) -> Any:
    """A generated app's implementation whose `owns_loan` is an `async def` refusing
    everyone (on a store that logs when `return_book` reaches it)."""

    class Refusing(implementation):  # type: ignore[misc, valid-type]
        async def owns_loan(self, call: Call, args) -> bool:  # type: ignore[no-untyped-def]
            # `args` unannotated: each backend's interface has its own ReturnBookArgs
            await asyncio.sleep(0)
            return False

    return Refusing(_WatchedStore())


async def refuse_everyone(call: Call, args: dict[str, Any]) -> bool:
    """Nobody may."""
    await asyncio.sleep(0)
    return False


async def signed_in_only(call: Call, args: dict[str, Any]) -> bool:
    """Whoever is signed in."""
    await asyncio.sleep(0)
    return call.user is not None


async def answers_maybe(call: Call, args: dict[str, Any]) -> Any:
    """A bug: answers a string."""
    return "yes"


def answers_one(call: Call, args: dict[str, Any]) -> Any:
    """A bug: answers a truthy non-bool."""
    return 1


decorated = Registry()


@client(auth=refuse_everyone, registry=decorated)
def return_book(call: Call, loan_id: int) -> int:
    log.warning("BODY RAN: decorated return_book")
    return loan_id


@client(auth=signed_in_only, registry=decorated)
async def my_number(call: Call, n: int) -> int:
    return n


@client(auth=answers_maybe, registry=decorated)
def maybe_guarded(call: Call) -> int:
    log.warning("BODY RAN: maybe_guarded")
    return 1


@client(auth=answers_one, registry=decorated)
def one_guarded(call: Call) -> int:
    log.warning("BODY RAN: one_guarded")
    return 1
