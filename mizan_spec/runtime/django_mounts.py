"""What a Django URLconf mounts of Mizan: the registries it serves, and the APIs it
cannot serve because their implementation does not match the spec.

`mizan_urls` marks its catch-all view with `mizan_registry`; the generated `urls(impl)`,
when `mizan_spec.django` is installed and the implementation check fails, mounts a view
marked with `mizan_unserved` (the `ImplementationError`) instead of raising at import.
Used by `mizan-spec import --django-settings`, the system check and the management
commands of `mizan_spec.django`. Reading patterns never imports anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mizan_spec.runtime.implementation import ImplementationError
from mizan_spec.runtime.registry import Registry

REGISTRY_ATTR = "mizan_registry"
UNSERVED_ATTR = "mizan_unserved"


@dataclass
class Mounts:
    """The registries served (in URLconf order, each once) and the failures found."""

    registries: list[Registry] = field(default_factory=list)
    unserved: list[ImplementationError] = field(default_factory=list)


def mounts_in(patterns: list[Any]) -> Mounts:
    """Walk URL patterns (and every include below them) for Mizan views."""
    found = Mounts()
    stack = list(reversed(patterns))
    while stack:
        p = stack.pop()
        stack.extend(reversed(getattr(p, "url_patterns", []) or []))
        callback = getattr(p, "callback", None)
        registry = getattr(callback, REGISTRY_ATTR, None)
        if isinstance(registry, Registry) and all(r is not registry for r in found.registries):
            found.registries.append(registry)
        failure = getattr(callback, UNSERVED_ATTR, None)
        if isinstance(failure, ImplementationError) and \
                all(f is not failure for f in found.unserved):
            found.unserved.append(failure)
    return found


def registries_in(patterns: list[Any]) -> list[Registry]:
    return mounts_in(patterns).registries
