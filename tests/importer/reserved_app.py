"""A decorator-first app whose function name a spec cannot declare (`string` is reserved
in TypeScript), so an import must refuse and write nothing."""

from __future__ import annotations

from mizan_spec.runtime import Call, Registry, client

registry = Registry()


@client(registry=registry)
def string(call: Call) -> str:
    return "s"
