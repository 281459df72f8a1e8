"""The protocol under `api/mizan/` (its `ws/` too, through `asgi.py`)."""

from __future__ import annotations

from django.urls import include, path

from .api import urls
from .api.impl import Implementation

urlpatterns = [path("api/mizan/", include(urls(Implementation())))]
