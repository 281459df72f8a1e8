"""The one Mizan API a Django project serves, for the management commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from mizan_spec.django.checks import mounted
from mizan_spec.runtime.registry import Registry
from mizan_spec.runtime.typemap import RegistrationError


def served_ir_text() -> str:
    """The IR the project's URLconf serves; CommandError when it serves none, several,
    or one whose implementation does not match its spec."""
    mounts = mounted()
    if mounts.unserved:
        raise CommandError(f"the Mizan API does not serve: {mounts.unserved[0]}")
    if not mounts.registries:
        raise CommandError("the URLconf mounts no Mizan API (the generated urls(impl), "
                           "or mizan_urls(registry))")
    if len(mounts.registries) > 1:
        raise CommandError(f"the URLconf mounts {len(mounts.registries)} Mizan APIs; "
                           "export each one's registry with registry.ir_text()")
    registry: Registry = mounts.registries[0]
    try:
        return registry.ir_text()
    except RegistrationError as e:
        raise CommandError(f"the Mizan API does not export an IR: {e}") from None
