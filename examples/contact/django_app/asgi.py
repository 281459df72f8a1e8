"""ASGI entry point: `uvicorn contact.django_app.asgi:application` (from `examples/`)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application
from mizan_spec.runtime.django_server import mizan_asgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contact.django_app.settings")
application = mizan_asgi(get_asgi_application())
