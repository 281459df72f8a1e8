from __future__ import annotations

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """Installed only for its management command, `add_members`."""

    name = "library.django_app"
    label = "library"
