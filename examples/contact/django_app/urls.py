"""URLs: the Mizan API (the two forms' functions) under `api/mizan/`."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from .api import urls
from .api.impl import Implementation

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/mizan/", include(urls(Implementation()))),
]
