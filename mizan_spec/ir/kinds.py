"""What kind of function an IR function is: the one home of the query/mutation rule.

spec/protocol.md §4 states the rule; every generator and the runtime ask it here:

- a **member** belongs to a context (the checker guarantees it affects nothing);
- a **route** function serves its own HTTP response and is not callable through `call/`;
- a **query** is any other function that affects nothing: calling it changes nothing a
  client caches, so its result may be cached under `(function, complete args)`;
- a **mutation** is any other function: it affects contexts or functions.

Members and queries are the functions whose results clients cache (`is_cached`).
"""

from __future__ import annotations

import enum

from mizan_spec.ir.model import Function


class Kind(enum.Enum):
    MEMBER = "member"
    QUERY = "query"
    MUTATION = "mutation"
    ROUTE = "route"


def kind_of(fn: Function) -> Kind:
    if fn.route is not None:
        return Kind.ROUTE
    if fn.context is not None:
        return Kind.MEMBER
    if fn.affects_contexts or fn.affects_functions:
        return Kind.MUTATION
    return Kind.QUERY


def is_query(fn: Function) -> bool:
    """A callable function outside any context that affects nothing."""
    return kind_of(fn) is Kind.QUERY


def is_mutation(fn: Function) -> bool:
    """A callable function outside any context that affects something."""
    return kind_of(fn) is Kind.MUTATION


def is_cached(fn: Function) -> bool:
    """Whether clients cache this function's results: context members and queries."""
    return kind_of(fn) in (Kind.MEMBER, Kind.QUERY)
