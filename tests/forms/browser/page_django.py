"""The forms page app on Django (gunicorn): forms judged by Django forms, and the page."""

from __future__ import annotations

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse

settings.configure(
    DEBUG=False, SECRET_KEY="mizan-test-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"], INSTALLED_APPS=[], USE_TZ=True,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import include, path  # noqa: E402
from forms_testapp import register  # noqa: E402
from page_apps import page_file  # noqa: E402

from mizan_spec.runtime import Registry  # noqa: E402
from mizan_spec.runtime.django_adapter import mizan_urls  # noqa: E402


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse(page_file("index.html"), content_type="text/html")


def bundle(request: HttpRequest) -> HttpResponse:
    return HttpResponse(page_file("app.js"), content_type="text/javascript")


urlpatterns = [
    path("", index),
    path("app.js", bundle),
    path("api/mizan/", include(mizan_urls(register(Registry(), django=True)))),
]

wsgi_app = get_wsgi_application()
