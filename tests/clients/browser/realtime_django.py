"""The realtime test app on Django ASGI (uvicorn, Django Channels), with the browser page."""

from __future__ import annotations

from realtime_site import with_page
from rt_django import asgi_app

app = with_page(asgi_app)
