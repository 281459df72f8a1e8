"""Run as a script: the Django adapter reading the `MIZAN_CACHE_*` settings named by
argv[1] (`redis-no-secret`, `short-secret`, `django-cache`, `off`); prints what it built."""

from __future__ import annotations

import sys

import django
from django.conf import settings

CASES = {
    "redis-no-secret": {"MIZAN_CACHE_REDIS_URL": "redis://127.0.0.1:1/0"},
    "short-secret": {"MIZAN_CACHE_SECRET": "too short"},
    "django-cache": {"MIZAN_CACHE_BACKEND": "default", "MIZAN_CACHE_SECRET": "k" * 32},
    "off": {"MIZAN_CACHE": False},
}
settings.configure(SECRET_KEY="x", ROOT_URLCONF=__name__, INSTALLED_APPS=[],
                   CACHES={"default": {"BACKEND":
                                       "django.core.cache.backends.locmem.LocMemCache"}},
                   **CASES[sys.argv[1]])
django.setup()

from mizan_testapp import registry  # noqa: E402

from mizan_spec.ir import model as irm  # noqa: E402
from mizan_spec.runtime.django_adapter import _cache_from_settings, mizan_urls  # noqa: E402
from mizan_spec.runtime.server_cache import ServerCache  # noqa: E402

try:
    mizan_urls(registry)  # refuses settings that cannot work, as a project would see it
    cache = _cache_from_settings()
except Exception as err:
    print(f"{type(err).__name__}: {err}")
    sys.exit(0)
if not isinstance(cache, ServerCache):
    print(f"no cache: {cache}")
    sys.exit(0)
site_info = irm.Function("site_info", cache=60, context="global")
calls: list[int] = []
cache.bind(irm.IR(functions=(site_info,)), "h")
first = cache.get_or_compute(site_info, None, b"[]", lambda: calls.append(1) or b"1")
again = cache.get_or_compute(site_info, None, b"[]", lambda: calls.append(1) or b"2")
print(type(cache.backend).__name__, first.decode(), again.decode(), len(calls))
