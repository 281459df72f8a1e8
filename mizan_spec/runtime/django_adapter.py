"""Django adapter: `path("api/mizan/", include(mizan_urls(registry)))`, WSGI or ASGI.

The principal is Django's own `request.user` (session auth via AuthenticationMiddleware;
absent or anonymous means nobody is signed in). CSRF: a POST that carries the session
cookie must pass Django's CSRF check (token in the header Django expects), and
`session/` then reports that token; cookie-less clients (tokens, servers) are exempt.
The view itself is csrf-exempt so every failure comes back in the protocol envelope,
including a failure to load `request.user` (Django's lazy user: `PermissionDenied` is
`forbidden`, anything else `internal_error`, logged and never sent).

A body over `max_body` is not read on (not at all when Content-Length already says so)
and the connection is closed after the answer. Serve the site through
`django_server.mizan_asgi` / `mizan_wsgi` for that to happen at once: Django's ASGI
handler otherwise reads a whole body before any view runs, and a WSGI application
cannot otherwise ask its server to close. Methods are compared as sent (Django
uppercases `request.method`; `post` is 405 as on FastAPI).

Route functions are served by `path()` patterns with Django's own converters, named
`mizan-<function>` (so `reverse("mizan-profile_page", kwargs={"id": 3})` works); the
same CSRF rule applies to them (Django exempts safe methods).
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http.response import ResponseHeaders
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import URLPattern, re_path
from django.urls import path as url_path
from django.views.decorators.csrf import csrf_exempt

from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.django_mounts import REGISTRY_ATTR, UNSERVED_ATTR
from mizan_spec.runtime.django_server import CLOSE_CONNECTION, HUB_ATTR, MAX_BODY_ATTR
from mizan_spec.runtime.errors import INTERNAL, ProtocolError
from mizan_spec.runtime.implementation import ImplementationError
from mizan_spec.runtime.protocol import NativeResponse, Protocol
from mizan_spec.runtime.registry import Registry
from mizan_spec.runtime.routes import RoutePlan
from mizan_spec.runtime.server_cache import CacheConfigError, ServerCache, server_cache
from mizan_spec.runtime.wire import (
    DEFAULT_MAX_BODY,
    JSON_CONTENT_TYPE,
    CsrfFacts,
    WireRequest,
    WireResponse,
)

log = logging.getLogger("mizan_spec.runtime")


def principal_of(request: HttpRequest) -> Principal | None:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return Principal(str(user.pk), str(user.get_username()), bool(user.is_staff),
                     bool(user.is_superuser))


def _principal(request: HttpRequest) -> Principal | None:
    """`principal_of`, with a failure to load the user as a protocol error."""
    try:
        return principal_of(request)
    except PermissionDenied:
        raise ProtocolError("forbidden", "you may not call this function") from None
    except Exception:
        log.exception("mizan: loading request.user failed")
        raise INTERNAL from None


@functools.lru_cache(maxsize=64)
def _header_store(headers: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str]]:
    """The protocol's headers as Django stores them, checked by Django once per set (a
    protocol sends only a few sets: its base headers, and those with `Allow`)."""
    store: dict[str, tuple[str, str]] = ResponseHeaders(dict(headers))._store
    return store


class _ProtocolResponse(HttpResponse):
    """An HttpResponse whose headers are installed in one step (the hot path of call/)."""

    def __init__(self, out: WireResponse) -> None:
        super().__init__(out.body, status=out.status, content_type=JSON_CONTENT_TYPE)
        store = self.headers._store
        store.update(_header_store(out.headers))
        store["content-length"] = ("Content-Length", str(len(out.body)))


def _send(out: WireResponse) -> HttpResponse:
    return _ProtocolResponse(out)


def _csrf_header() -> str:
    meta = str(getattr(settings, "CSRF_HEADER_NAME", "HTTP_X_CSRFTOKEN"))
    return meta.removeprefix("HTTP_").replace("_", "-").title()


def _csrf_ok(request: HttpRequest) -> bool:
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    return check.process_view(request, lambda r: HttpResponse(), (), {}) is None


def _method(request: HttpRequest) -> str:
    """The method as the client sent it (Django uppercases `request.method`; methods are
    case-sensitive, and `post` must be 405 as on every backend)."""
    scope = getattr(request, "scope", None)
    if isinstance(scope, dict) and isinstance(scope.get("method"), str):
        return str(scope["method"])
    return str(request.META.get("REQUEST_METHOD") or request.method or "GET")


def _content_type(request: HttpRequest) -> str:
    """Content-Type, its field lines joined by commas if there were several (Django's
    ASGI request already joins them; a WSGI server passes one)."""
    return str(request.META.get("CONTENT_TYPE", ""))


def _read_body(request: HttpRequest, declared: int | None, max_body: int) -> bytes:
    """At most max_body + 1 bytes of the body. Under WSGI a body without Content-Length
    (chunked) is invisible to Django (it reads 0 bytes); when the server says it ends
    the input itself (`wsgi.input_terminated`, PEP 3333 amendment), read that stream."""
    environ = getattr(request, "environ", None)
    if (declared is None and isinstance(environ, dict)
            and environ.get("wsgi.input_terminated") and "wsgi.input" in environ):
        stream, parts, size = environ["wsgi.input"], [], 0
        while size <= max_body:
            part = stream.read(max_body + 1 - size)
            if not part:
                break
            parts.append(part)
            size += len(part)
        return b"".join(parts)
    return request.read(max_body + 1)


def _closing(request: HttpRequest, out: WireResponse) -> WireResponse:
    """Ask the server to close the connection after `out`: under ASGI with the header;
    under WSGI (where an application may not send `Connection`) through the environ,
    which `django_server.mizan_wsgi` hands on to the server."""
    if getattr(request, "scope", None) is not None:
        return out.closing()
    request.META[CLOSE_CONNECTION] = True
    return out


def _cache_from_settings() -> ServerCache | bool | None:
    """`MIZAN_CACHE_*` settings (server_cache/config.py); None: the default in-memory
    cache when some function has `cache=`."""
    if getattr(settings, "MIZAN_CACHE", True) is False:
        return False
    secret = getattr(settings, "MIZAN_CACHE_SECRET", None)
    redis_url = getattr(settings, "MIZAN_CACHE_REDIS_URL", None)
    alias = getattr(settings, "MIZAN_CACHE_BACKEND", None)
    if not (secret or redis_url or alias):
        return None
    try:
        return server_cache(secret=secret, redis_url=redis_url, django_cache=alias)
    except CacheConfigError as err:
        raise ImproperlyConfigured(str(err)) from None


def mizan_urls(registry: Registry, *, max_body: int = DEFAULT_MAX_BODY,
               cache: ServerCache | bool | None = None) -> list[URLPattern]:
    """URL patterns serving the Mizan protocol for `registry` (include them at the base).
    `cache`: the server cache (`ServerCache`), False for none, or None for an in-memory
    one when some function has `cache=`."""
    if cache is None:
        cache = _cache_from_settings()
    protocol = Protocol(registry, max_body=max_body, backend="django",
                        run_async=lambda thunk: async_to_sync(thunk)(),
                        native_response=HttpResponseBase, cache=cache)

    @csrf_exempt
    def view(request: HttpRequest, path: str) -> HttpResponse:
        with_session = "HTTP_COOKIE" in request.META and \
            settings.SESSION_COOKIE_NAME in request.COOKIES
        length = request.META.get("CONTENT_LENGTH") or ""
        declared = int(length) if length.isdigit() else None
        method = _method(request)
        body = b"" if method == "GET" or (declared is not None and declared > max_body) \
            else _read_body(request, declared, max_body)
        failed: ProtocolError | None = None
        try:
            principal = _principal(request)
        except ProtocolError as err:
            principal, failed = None, err
        wire = WireRequest(
            method=method, path=path, query=request.META.get("QUERY_STRING", ""),
            headers={"content-type": _content_type(request),
                     "if-none-match": str(request.META.get("HTTP_IF_NONE_MATCH", "")),
                     "mizan-client-id": str(request.META.get("HTTP_MIZAN_CLIENT_ID", ""))},
            body=body,
            declared_length=declared, principal=principal, native=request,
            csrf=CsrfFacts(_csrf_header(), get_token(request))
            if with_session and path == "session/" else None,
            csrf_check=(lambda: _csrf_ok(request)) if with_session else None)
        out = protocol.handle(wire) if failed is None else protocol.error(failed)
        if protocol.body_cut_short(wire):
            out = _closing(request, out)
        return _send(out)

    setattr(view, REGISTRY_ATTR, registry)  # found by `import` and `mizan_spec.django`
    setattr(view, MAX_BODY_ATTR, max_body)
    if importlib.util.find_spec("channels") is not None:  # the `realtime` extra: ws/
        from mizan_spec.runtime.django_socket import django_hub

        setattr(view, HUB_ATTR, django_hub(protocol))

    def route_view(plan: RoutePlan) -> Any:
        @csrf_exempt
        def serve_route(request: HttpRequest, **path_args: Any) -> HttpResponseBase:
            try:
                principal = _principal(request)
            except ProtocolError as err:
                return _send(protocol.error(err))
            with_session = settings.SESSION_COOKIE_NAME in request.COOKIES
            wire = WireRequest(
                method=request.method or "GET", path=request.path_info,
                query=request.META.get("QUERY_STRING", ""), principal=principal,
                native=request, csrf_check=(lambda: _csrf_ok(request)) if with_session else None)
            out = protocol.handle_route(plan.name, wire, {k: str(v) for k, v in path_args.items()})
            if isinstance(out, NativeResponse):
                response: HttpResponseBase = out.value
                return response
            return _send(out)
        return serve_route

    routes = [url_path(plan.pattern(lambda c, n: f"<{c}:{n}>"), route_view(plan),
                       name=f"mizan-{plan.name}") for plan in protocol.routes.values()]
    return [url_path("call/", view, {"path": "call/"}, name="mizan-call"), *routes,
            re_path(r"^(?P<path>.*)$", view, name="mizan")]


MIZAN_APP = "mizan_spec.django"
"""The Django app that turns the implementation check into system checks."""


def spec_urls(build: Callable[[], Registry], *,
              max_body: int = DEFAULT_MAX_BODY) -> list[URLPattern]:
    """The generated `urls(impl)`: `mizan_urls(build())`. When the app
    `mizan_spec.django` is installed, an implementation that does not match the spec
    does not raise here, at URLconf import (which would stop `migrate`, `shell` and
    `test` too): the system check reports it (`mizan.W001`..., `mizan.E001` under
    `check --deploy`) and every request to the API answers `internal_error`, logging why.
    Without the app, the ImplementationError is raised as before."""
    try:
        registry = build()
    except ImplementationError as err:
        from django.apps import apps
        from django.core.exceptions import AppRegistryNotReady

        try:
            deferred = apps.is_installed(MIZAN_APP)
        except AppRegistryNotReady:
            deferred = False
        if not deferred:
            raise
        return _unserved_urls(err)
    return mizan_urls(registry, max_body=max_body)


def _unserved_urls(err: ImplementationError) -> list[URLPattern]:
    protocol = Protocol(Registry(), backend="django")

    @csrf_exempt
    def unserved(request: HttpRequest, path: str) -> HttpResponse:
        log.error("mizan: not serving %s: %s", request.path, err)
        return _send(protocol.error(INTERNAL))

    setattr(unserved, UNSERVED_ATTR, err)
    return [re_path(r"^(?P<path>.*)$", unserved, name="mizan")]
