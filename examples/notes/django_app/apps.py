"""The notebook's Django app: its `Note` model and the `add_users` command."""

from __future__ import annotations

from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes.django_app"
    label = "notes"
