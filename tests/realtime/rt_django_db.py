"""A Django ASGI app (Channels, under uvicorn) whose one websocket function uses the
database from its sync body, as an ORM-backed function does; for the check that each
socket call gets Django's connection handling (connections older than CONN_MAX_AGE, or
broken, are closed around every call, as a request closes them), not a connection kept
open for the life of the worker thread.

The function answers how many database connections the process has opened so far.
"""

from __future__ import annotations

import os
from typing import Any

import django
from django.conf import settings

settings.configure(
    DEBUG=False, SECRET_KEY="mizan-test-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    INSTALLED_APPS=[], USE_TZ=True,
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                           "NAME": os.environ["MIZAN_TEST_DB"], "CONN_MAX_AGE": 0}},
    CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
)
django.setup()

from django.core.asgi import get_asgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.urls import include, path  # noqa: E402

from mizan_spec.runtime import Call, Registry, client  # noqa: E402
from mizan_spec.runtime.django_adapter import mizan_urls  # noqa: E402
from mizan_spec.runtime.django_server import mizan_asgi  # noqa: E402

registry = Registry()


@client(websocket=True, registry=registry)
def connections_opened(call: Call) -> int:
    """Run a query; answer how many connections the process has opened, this one's included."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return _opened[0]


_opened = [0]


def _count(sender: Any, **kwargs: Any) -> None:
    _opened[0] += 1


connection_created.connect(_count)

urlpatterns = [path("api/mizan/", include(mizan_urls(registry)))]

asgi_app = mizan_asgi(get_asgi_application())
