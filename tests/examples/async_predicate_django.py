"""Django (`asgi_app` under uvicorn, `wsgi_app` under gunicorn) serving
tests/examples/async_predicate_apps.py; `Authorization: Bearer <token>` sets request.user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse

settings.configure(
    DEBUG=False, SECRET_KEY="mizan-test-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    MIDDLEWARE=[f"{__name__}.BearerUser"], INSTALLED_APPS=[], USE_TZ=True)
django.setup()

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import include, path  # noqa: E402
from library.django_app.api import urls  # noqa: E402
from library.django_app.api.impl import Implementation  # noqa: E402

from mizan_spec.runtime.call import Principal  # noqa: E402
from mizan_spec.runtime.django_adapter import mizan_urls  # noqa: E402
from tests.examples.async_predicate_apps import (  # noqa: E402
    decorated,
    principal_from,
    refusing,
)


class _User:
    def __init__(self, p: Principal | None) -> None:
        self.is_authenticated = p is not None
        self.pk = p.id if p else None
        self.is_staff = bool(p and p.is_staff)
        self.is_superuser = bool(p and p.is_superuser)
        self.username = p.username if p else ""

    def get_username(self) -> str:
        return self.username


class BearerUser:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        request.user = _User(principal_from(request.headers.get("Authorization")))
        return self.get_response(request)


urlpatterns = [path("api/mizan/", include(urls(refusing(Implementation)))),
               path("api/decorated/", include(mizan_urls(decorated)))]

asgi_app = get_asgi_application()
wsgi_app = get_wsgi_application()
