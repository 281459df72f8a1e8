"""Route functions (`route="/profile/<int:id>/"`): views of the host framework, served
under the base path, outside the JSON protocol (spec/protocol.md §9).

A route's placeholders are Django's: `<name>` (same as `<str:name>`) or
`<converter:name>` with one of Django's converters `str int slug uuid path`; each names
a parameter of the function. Both adapters route them with their own router (Django
`path()`, a Starlette path with converters of exactly Django's patterns) and hand the
matched text to the core, which validates it against the function's typed parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mizan_spec.runtime.registry import Entry, Registry
from mizan_spec.runtime.typemap import RegistrationError

CONVERTERS: dict[str, str] = {
    "str": r"[^/]+",
    "int": r"[0-9]+",
    "slug": r"[-a-zA-Z0-9_]+",
    "uuid": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "path": r".+",
}
"""Django's path converters and the text each matches (the same on every backend)."""

PLACEHOLDER = re.compile(r"<(?:([A-Za-z_][A-Za-z0-9_]*):)?([A-Za-z_][A-Za-z0-9_]*)>")
RESERVED = ("session", "call", "ctx")
"""First path segments that belong to the protocol's own endpoints."""


@dataclass(frozen=True)
class RoutePlan:
    entry: Entry
    path: str  # relative to the base path: "profile/<int:id>/"
    placeholders: tuple[tuple[str, str], ...]  # (converter, parameter wire name)

    @property
    def name(self) -> str:
        return self.entry.name

    def pattern(self, placeholder: Callable[[str, str], str]) -> str:
        """The path with each placeholder written by `placeholder(converter, name)`."""
        return PLACEHOLDER.sub(lambda m: placeholder(m.group(1) or "str", m.group(2)),
                               self.path)


def route_plan(entry: Entry) -> RoutePlan:
    route = entry.function.route
    assert route is not None
    where = f"function {entry.name!r}, route {route!r}"
    path = route.removeprefix("/")
    if path.split("/", 1)[0] in RESERVED:
        raise RegistrationError(f"{where}: {', '.join(f'{r}/' for r in RESERVED)} are the "
                                "protocol's own endpoints; choose another path")
    params = {p.field.name for p in entry.params}
    found: list[tuple[str, str]] = []
    for m in PLACEHOLDER.finditer(path):
        converter, name = m.group(1) or "str", m.group(2)
        if converter not in CONVERTERS:
            raise RegistrationError(f"{where}: unknown converter {converter!r} (one of "
                                    f"{', '.join(CONVERTERS)})")
        if name not in params:
            raise RegistrationError(f"{where}: placeholder <{name}> is not a parameter")
        if name in {n for _, n in found}:
            raise RegistrationError(f"{where}: placeholder <{name}> appears twice")
        found.append((converter, name))
    if "<" in PLACEHOLDER.sub("", path) or ">" in PLACEHOLDER.sub("", path):
        raise RegistrationError(f"{where}: a placeholder is <name> or <converter:name>")
    return RoutePlan(entry, path, tuple(found))


def route_plans(registry: Registry) -> dict[str, RoutePlan]:
    """One plan per route function, by function name; checks every route."""
    plans = {e.name: route_plan(e) for e in registry.entries() if e.function.route is not None}
    seen: dict[str, str] = {}
    for plan in plans.values():
        shape = plan.pattern(lambda c, n: f"<{c}>")
        if shape in seen:
            raise RegistrationError(f"functions {seen[shape]!r} and {plan.name!r} have the "
                                    "same route")
        seen[shape] = plan.name
    return plans
