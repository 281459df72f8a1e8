"""`manage.py add_users`: the example's users, ada and ben (password = name + "-pass")."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

USERS = ("ada", "ben")


class Command(BaseCommand):
    help = "Create the notebook's users, ada and ben (password: ada-pass, ben-pass)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in USERS:
            user, made = User.objects.get_or_create(username=name)
            user.set_password(f"{name}-pass")
            user.save()
            self.stdout.write(f"{'created' if made else 'updated'} {name}")
