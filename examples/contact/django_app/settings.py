"""Django settings of the forms example: no database, no sessions; the forms only."""

from __future__ import annotations

import os

SECRET_KEY = os.environ.get("CONTACT_SECRET_KEY", "contact-example-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["mizan_spec.django"]  # the implementation check as a system check
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "contact.django_app.urls"
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
