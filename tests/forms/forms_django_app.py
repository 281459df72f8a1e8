"""The forms test app served by Django: `asgi_app` (uvicorn) and `wsgi_app` (gunicorn).

/api/mizan/ serves the spec's forms through Django forms built from their IR;
/api/mixin/ the hand-written mixin forms (`forms_mixin`); /api/sub/ a subclass of a
built form with the author's own checks (`forms_subclass`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse

settings.configure(
    DEBUG=False, SECRET_KEY="mizan-test-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware",
                f"{__name__}.BearerUserMiddleware"], INSTALLED_APPS=[], USE_TZ=True,
)
django.setup()

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import include, path  # noqa: E402
from forms_mixin import MIXIN  # noqa: E402
from forms_subclass import SUB  # noqa: E402
from forms_testapp import principal_from, register  # noqa: E402

from mizan_spec.runtime import Registry  # noqa: E402
from mizan_spec.runtime.django_adapter import mizan_urls  # noqa: E402
from mizan_spec.runtime.django_server import mizan_asgi, mizan_wsgi  # noqa: E402


class _User:
    def __init__(self, authorization: str | None) -> None:
        p = principal_from(authorization)
        self.is_authenticated = p is not None
        self.pk = p.id if p else None
        self.is_staff = self.is_superuser = False
        self.username = p.username if p else ""

    def get_username(self) -> str:
        return self.username


class BearerUserMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        request.user = _User(request.headers.get("Authorization"))  # type: ignore[assignment]
        return self.get_response(request)


urlpatterns = [
    path("api/mizan/", include(mizan_urls(register(Registry(), django=True)))),
    path("api/mixin/", include(mizan_urls(MIXIN))),
    path("api/sub/", include(mizan_urls(SUB))),
]

asgi_app = mizan_asgi(get_asgi_application())
wsgi_app = mizan_wsgi(get_wsgi_application())
