"""A decorator-first app with a lambda predicate: it cannot even register."""

from __future__ import annotations

from mizan_spec.runtime import Call, Registry, client

registry = Registry()


@client(registry=registry, auth=lambda call, args: True)
def secret(call: Call) -> str:
    return "s"
