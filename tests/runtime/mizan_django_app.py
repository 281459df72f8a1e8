"""The shared test app served by Django: `asgi_app` (uvicorn) and `wsgi_app` (gunicorn).

A tiny middleware stands in for session auth: it sets `request.user` from the bearer
token, which is what the adapter reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

settings.configure(
    DEBUG=False, SECRET_KEY="mizan-test-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware",
                f"{__name__}.BearerUserMiddleware"], INSTALLED_APPS=[], USE_TZ=True,
)
django.setup()

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import include, path  # noqa: E402
from mizan_testapp import principal_from, registry  # noqa: E402

from mizan_spec.runtime.call import Principal  # noqa: E402
from mizan_spec.runtime.django_adapter import mizan_urls  # noqa: E402
from mizan_spec.runtime.django_server import mizan_asgi, mizan_wsgi  # noqa: E402


class _User:
    def __init__(self, p: Principal | None) -> None:
        self.p = p
        self.is_authenticated = p is not None
        self.pk = p.id if p else None
        self.is_staff = bool(p and p.is_staff)
        self.is_superuser = bool(p and p.is_superuser)

    def get_username(self) -> str:
        return self.p.username if self.p else ""


class BearerUserMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = SimpleLazyObject(lambda: _load(request))
        return self.get_response(request)


def _load(request: HttpRequest) -> Any:
    """Like Django's lazy user: `Bearer expired` is anonymous, `Bearer explode` fails."""
    authorization = request.headers.get("Authorization")
    if authorization == "Bearer explode":
        raise RuntimeError("token store password is hunter2")
    return _User(principal_from(authorization))


urlpatterns = [path("api/mizan/", include(mizan_urls(registry, max_body=256 * 1024)))]

asgi_app = mizan_asgi(get_asgi_application())
wsgi_app = mizan_wsgi(get_wsgi_application())
