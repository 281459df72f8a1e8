"""WSGI entry point: `gunicorn library.django_app.wsgi:application` (from `examples/`)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "library.django_app.settings")
application = get_wsgi_application()
