"""`manage.py add_members`: the example's members as Django users (password = token)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

from library.store import MEMBERS


class Command(BaseCommand):
    help = "Create the library's members (ada, ben, sam: staff, root: superuser)."

    def handle(self, *args: Any, **options: Any) -> None:
        for token, who in MEMBERS.items():
            user, made = User.objects.get_or_create(pk=int(who.id), username=who.username)
            user.is_staff = who.is_staff
            user.is_superuser = who.is_superuser
            user.set_password(token)
            user.save()
            self.stdout.write(f"{'created' if made else 'updated'} {who.username}")
