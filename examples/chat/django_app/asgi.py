"""ASGI entry point: `uvicorn chat.django_app.asgi:application` (from `examples/`).
`mizan_asgi` routes HTTP to Django and the protocol's `ws/` to Django Channels, with
the socket's user read from its bearer token."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application
from mizan_spec.runtime.django_server import mizan_asgi

from .auth import bearer_socket_user

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chat.django_app.settings")
application = mizan_asgi(get_asgi_application(), websocket_auth=bearer_socket_user)
