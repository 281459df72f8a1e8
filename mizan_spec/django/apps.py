"""The app's configuration: registers the system checks when Django starts."""

from __future__ import annotations

from django.apps import AppConfig


class MizanConfig(AppConfig):
    """`mizan_spec.django`, label `mizan` (the prefix of its check ids)."""

    name = "mizan_spec.django"
    label = "mizan"
    verbose_name = "Mizan"

    def ready(self) -> None:
        from django.core import checks

        from mizan_spec.django.checks import implementation_matches, serves_every_call

        checks.register(implementation_matches, "mizan")
        checks.register(serves_every_call, "mizan", deploy=True)
