"""Django adapter: `path("api/mizan/", include(mizan_urls(registry)))`, WSGI or ASGI.

The principal is Django's own `request.user` (session auth via AuthenticationMiddleware;
absent or anonymous means nobody is signed in). CSRF: a POST that carries the session
cookie must pass Django's CSRF check (token in the header Django expects), and
`session/` then reports that token; cookie-less clients (tokens, servers) are exempt.
The view itself is csrf-exempt so every failure comes back in the protocol envelope.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import URLPattern, re_path
from django.urls import path as url_path
from django.views.decorators.csrf import csrf_exempt

from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.registry import Registry
from mizan_spec.runtime.wire import (
    DEFAULT_MAX_BODY,
    JSON_CONTENT_TYPE,
    CsrfFacts,
    WireRequest,
)


def principal_of(request: HttpRequest) -> Principal | None:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return Principal(str(user.pk), str(user.get_username()), bool(user.is_staff),
                     bool(user.is_superuser))


def _csrf_header() -> str:
    meta = str(getattr(settings, "CSRF_HEADER_NAME", "HTTP_X_CSRFTOKEN"))
    return meta.removeprefix("HTTP_").replace("_", "-").title()


def _csrf_ok(request: HttpRequest) -> bool:
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    return check.process_view(request, lambda r: HttpResponse(), (), {}) is None


def _drain(request: HttpRequest) -> None:
    """Read and drop the rest of an oversized body, so a kept-alive connection stays in
    step (the server would otherwise read the leftover bytes as the next request)."""
    while request.read(65536):
        pass


def mizan_urls(registry: Registry, *, max_body: int = DEFAULT_MAX_BODY) -> list[URLPattern]:
    """URL patterns serving the Mizan protocol for `registry` (include them at the base)."""
    protocol = Protocol(registry, max_body=max_body, backend="django",
                        run_async=lambda thunk: async_to_sync(thunk)())

    @csrf_exempt
    def view(request: HttpRequest, path: str) -> HttpResponse:
        with_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        length = request.META.get("CONTENT_LENGTH") or ""
        declared = int(length) if length.isdigit() else None
        body = b"" if request.method == "GET" or (declared is not None and declared > max_body) \
            else request.read(max_body + 1)
        wire = WireRequest(
            method=request.method or "GET", path=path,
            query=request.META.get("QUERY_STRING", ""),
            headers={"content-type": request.META.get("CONTENT_TYPE", "")}, body=body,
            declared_length=declared, principal=principal_of(request), native=request,
            csrf=CsrfFacts(_csrf_header(), get_token(request))
            if with_session and path == "session/" else None,
            csrf_check=(lambda: _csrf_ok(request)) if with_session else None)
        out = protocol.handle(wire)
        if len(body) > max_body or (declared is not None and declared > max_body):
            _drain(request)
        response = HttpResponse(out.body, status=out.status, content_type=JSON_CONTENT_TYPE)
        for name, value in out.headers[1:]:  # Content-Type comes first, set just above
            response[name] = value
        response["Content-Length"] = str(len(out.body))
        return response

    return [url_path("call/", view, {"path": "call/"}, name="mizan-call"),
            re_path(r"^(?P<path>.*)$", view, name="mizan")]
