"""The implementation check as Django system checks.

Every command that runs checks (`runserver`, `check`, `migrate`, `test`...) lists each
method of an implementation that does not match its spec as a warning, so the commands
that do not serve the API still run while impl.py is behind the spec:

- `mizan.W001`: a method is missing;
- `mizan.W002`: its parameters differ (names or kinds);
- `mizan.W003`: it is `def` where the interface declares `async def`, or the reverse;
- `mizan.W004`: a parameter or return type differs from the spec's.

`check --deploy` adds `mizan.E001`, an error, for each API that cannot serve: a
deployment pipeline stops there. Until the implementation is fixed, every request to
that API answers `internal_error` (the server logs why).
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Warning

from mizan_spec.runtime.django_mounts import Mounts, mounts_in
from mizan_spec.runtime.implementation import ImplementationError

_IDS = {"missing": "mizan.W001", "parameters": "mizan.W002", "style": "mizan.W003",
        "type": "mizan.W004"}


def mounted() -> Mounts:
    """What the project's URLconf mounts; nothing if it does not import (Django's own
    URL checks report that)."""
    from django.urls import get_resolver

    try:
        return mounts_in(list(get_resolver().url_patterns))
    except Exception:
        return Mounts()


def _warnings(err: ImplementationError) -> list[CheckMessage]:
    hint = f"Add or fix this method in {err.module}; the interface is {err.interface}."
    return [Warning(p.text, hint=hint, obj=err.where, id=_IDS[p.kind]) for p in err.problems]


def implementation_matches(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """mizan.W001-W004: each method that does not match the spec."""
    return [m for err in mounted().unserved for m in _warnings(err)]


def serves_every_call(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """mizan.E001 (deploy): an API that answers internal_error to every request."""
    found: list[CheckMessage] = []
    for err in mounted().unserved:
        count = len(err.problems)
        found.append(Error(
            f"the Mizan API does not serve: {count} method{'s' if count != 1 else ''} "
            f"do{'es' if count == 1 else ''} not match the spec (mizan.W001-W004 above), "
            "so every request answers internal_error",
            hint=f"Fix them in {err.module}; the interface is {err.interface}.",
            obj=err.where, id="mizan.E001"))
    return found
