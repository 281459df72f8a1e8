"""WSGI entry point: `gunicorn contact.django_app.wsgi:application` (from `examples/`)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application
from mizan_spec.runtime.django_server import mizan_wsgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contact.django_app.settings")
application = mizan_wsgi(get_wsgi_application())
