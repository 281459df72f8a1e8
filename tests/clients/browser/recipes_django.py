"""The recipes app on Django (run with gunicorn): the protocol under /api/mizan/ and the
page at / (with `?ssr=1`, carrying the `global` context) and /app.js. A tiny middleware
sets `request.user` from the bearer token (what the adapter reads), standing in for the
host app's own authentication."""

from __future__ import annotations

from collections.abc import Callable

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse

settings.configure(
    DEBUG=False, SECRET_KEY="mizan-test-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware",
                f"{__name__}.BearerUserMiddleware"], INSTALLED_APPS=[], USE_TZ=True,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import include, path  # noqa: E402
from recipes_app import index_page, page_file, principal_from, registry  # noqa: E402

from mizan_spec.runtime.call import Principal  # noqa: E402
from mizan_spec.runtime.django_adapter import mizan_urls  # noqa: E402


class _User:
    def __init__(self, p: Principal | None) -> None:
        self.p = p
        self.is_authenticated = p is not None
        self.pk = p.id if p else None
        self.is_staff = False
        self.is_superuser = False

    def get_username(self) -> str:
        return self.p.username if self.p else ""


class BearerUserMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = _User(principal_from(request.headers.get("Authorization")))  # type: ignore[assignment]
        return self.get_response(request)


def index(request: HttpRequest) -> HttpResponse:
    html = index_page(request.GET.get("token"), request.GET.get("ssr") == "1")
    return HttpResponse(html, content_type="text/html")


def bundle(request: HttpRequest) -> HttpResponse:
    return HttpResponse(page_file("app.js"), content_type="text/javascript")


urlpatterns = [
    path("", index),
    path("app.js", bundle),
    path("api/mizan/", include(mizan_urls(registry))),
]

wsgi_app = get_wsgi_application()
