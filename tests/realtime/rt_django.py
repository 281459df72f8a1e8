"""The realtime test app served by Django ASGI (uvicorn) through Django Channels.

Sockets are authenticated by a small ASGI middleware setting `scope["user"]` from the
handshake's bearer token (what `AuthMiddlewareStack` does from the session cookie), HTTP
requests by the same middleware as tests/runtime. `logout/` signs the caller out as
`django.contrib.auth.logout` does: by sending `user_logged_out`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import django
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from rt_app import LIMITS, REDIS_PREFIX, REDIS_URL, TOKEN_SECRET, principal_from, registry

layer: dict[str, Any] = {"BACKEND": "channels.layers.InMemoryChannelLayer",
                         "CONFIG": {"capacity": 20000}}  # the flood of test_ws_limits
if REDIS_URL:
    layer = {"BACKEND": "channels_redis.core.RedisChannelLayer",  # room for a burst on
             "CONFIG": {"hosts": [REDIS_URL], "channel_capacity": {"mizan.*": 10000}}}  # the
    # process's channel (spec/protocol.md §11.11)
    if os.environ.get("RT_LAYER") == "pubsub":  # channels_redis's Redis Pub/Sub layer
        layer = {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                 "CONFIG": {"hosts": [REDIS_URL]}}
settings.configure(
    DEBUG=False, SECRET_KEY="mizan-test-only", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    MIDDLEWARE=[f"{__name__}.BearerUserMiddleware"], INSTALLED_APPS=[], USE_TZ=True,
    CHANNEL_LAYERS={"default": layer}, MIZAN_REALTIME_LIMITS=LIMITS,
    MIZAN_REALTIME_REDIS_URL=REDIS_URL, MIZAN_MWT_SECRET=TOKEN_SECRET,
    MIZAN_REALTIME_REDIS_PREFIX=REDIS_PREFIX,
)
django.setup()

from django.core.asgi import get_asgi_application  # noqa: E402
from django.urls import include, path  # noqa: E402

from mizan_spec.runtime.call import Principal  # noqa: E402
from mizan_spec.runtime.django_adapter import mizan_urls  # noqa: E402
from mizan_spec.runtime.django_server import mizan_asgi  # noqa: E402


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
        request.user = _User(principal_from(request.headers.get("Authorization")))
        return self.get_response(request)


def bearer_socket_user(app: Any) -> Any:
    async def with_user(scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers", ()))
        token = headers.get(b"authorization", b"").decode("latin-1") or None
        await app({**scope, "user": _User(principal_from(token))}, receive, send)
    return with_user


def logout(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.signals import user_logged_out

    user_logged_out.send(sender=type(request.user), request=request, user=request.user)
    return HttpResponse(b"", status=204)


urlpatterns = [path("api/mizan/", include(mizan_urls(registry))), path("logout/", logout)]

asgi_app = mizan_asgi(get_asgi_application(), websocket_auth=bearer_socket_user)

from django.core.wsgi import get_wsgi_application  # noqa: E402

wsgi_app = get_wsgi_application()
"""The same app under WSGI (gunicorn): HTTP only, publishing to the sockets that the
ASGI processes on the same Redis serve."""
