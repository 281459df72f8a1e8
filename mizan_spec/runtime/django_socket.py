"""Django's WebSocket endpoint of the protocol, through Django Channels: a consumer per
socket, reached through `django_server.mizan_asgi` (spec/protocol.md §11).

    application = mizan_asgi(get_asgi_application())     # asgi.py: HTTP and `ws/`

The principal is Django's session user, as Channels' `AuthMiddlewareStack` gives it
(`scope["user"]`); `mizan_asgi(..., websocket_auth=...)` takes another ASGI middleware
that sets `scope["user"]`. Fan-out goes through Django's own `CHANNEL_LAYERS` (the
in-memory layer for one process, `channels_redis` for several), one layer channel per
process (`realtime.layer_fanout`); without a layer it stays in the process. Each
group's sequence and history, sign-outs and connections per user live in Redis when
`MIZAN_REALTIME_REDIS_URL` is set, else in the process; their keys, and the layer's
group names, are under `MIZAN_REALTIME_REDIS_PREFIX` (default `mizan:rt`; one each for
apps sharing a Redis). `MIZAN_WS_ALLOWED_ORIGINS` lists the origins a handshake may
come from (default: the request's own host).
`MIZAN_MWT_SECRET` (32 bytes or more, a key of its own) makes `session/` issue
connection tokens for `ws/?token=` (`MIZAN_WS_TOKEN_TTL` seconds, default 60), and
Django's `user_logged_out` signal revokes that user's tokens and closes their sockets
everywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.realtime.connection import Connection
from mizan_spec.runtime.realtime.hub import Hub
from mizan_spec.runtime.realtime.layer_fanout import LayerFanout
from mizan_spec.runtime.realtime.limits import Limits
from mizan_spec.runtime.realtime.origin import origin_allowed
from mizan_spec.runtime.realtime.redis_client import DEFAULT_PREFIX
from mizan_spec.runtime.realtime.setup import make_hub
from mizan_spec.runtime.realtime.tokens import DEFAULT_TTL, TokenKeyError, check_key


def django_hub(protocol: Protocol) -> Hub:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    prefix = getattr(settings, "MIZAN_REALTIME_REDIS_PREFIX", None) or DEFAULT_PREFIX
    fanout = LayerFanout(layer, prefix) if layer is not None else None
    hub = make_hub(protocol, limits=getattr(settings, "MIZAN_REALTIME_LIMITS", None) or Limits(),
                   redis_url=getattr(settings, "MIZAN_REALTIME_REDIS_URL", None), fanout=fanout,
                   redis_prefix=prefix)
    if fanout is not None:
        fanout.on_reconnect = hub.resync
    # sync code's publishes run on the loop serving this process's sockets, or on the
    # hub's loop thread where none is served (under WSGI): not through async_to_sync,
    # whose new loop per call would leave the stores' Redis connections on dead loops
    secret = getattr(settings, "MIZAN_MWT_SECRET", None)
    if secret:
        try:
            key = check_key(secret)
        except TokenKeyError as err:
            raise ImproperlyConfigured(f"MIZAN_MWT_SECRET: {err}") from None
        hub.use_tokens(key, int(getattr(settings, "MIZAN_WS_TOKEN_TTL", DEFAULT_TTL)))
    _sign_out_on_logout(hub)
    return hub


def _sign_out_on_logout(hub: Hub) -> None:
    """Django's `user_logged_out` revokes that user's connection tokens and closes their
    sockets, on every process."""
    from django.contrib.auth.signals import user_logged_out

    def closing(sender: Any, user: Any = None, **kwargs: Any) -> None:
        if user is not None and getattr(user, "pk", None) is not None:
            hub.sign_out_sync(str(user.pk))

    user_logged_out.connect(closing, weak=False)


def session_auth() -> Callable[[Any], Any]:
    """Channels' `AuthMiddlewareStack` when Django's auth and sessions are installed;
    else nothing (every socket is anonymous)."""
    from django.apps import apps

    if apps.is_installed("django.contrib.auth") and apps.is_installed("django.contrib.sessions"):
        from channels.auth import AuthMiddlewareStack

        return AuthMiddlewareStack  # type: ignore[no-any-return]
    return lambda app: app


def _principal_of_user(user: Any) -> Principal | None:
    from mizan_spec.runtime.django_adapter import principal_of

    return principal_of(SimpleNamespace(user=user))  # type: ignore[arg-type]


async def _run_sync(fn: Callable[[], Any]) -> Any:
    """A sync function body, on a worker thread, with Django's connection handling
    around it as a request has: connections older than CONN_MAX_AGE, or broken, are
    closed before and after (Channels' `database_sync_to_async`), not kept for the life
    of the thread."""
    return await database_sync_to_async(fn, thread_sensitive=False)()


class MizanConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    """One socket of the protocol (served by the hub of its `consumer_for` class)."""

    hub: Hub | None = None
    channel_layer_alias = "mizan.no-layer"  # an alias no settings name: the consumer
    # takes no channel of the layer (the hub's `LayerFanout` holds one for the process),
    # so it does not end when the layer's Redis goes away

    async def connect(self) -> None:
        assert self.hub is not None
        headers = {bytes(k).decode("latin-1").lower(): bytes(v).decode("latin-1")
                   for k, v in self.scope.get("headers", ())}
        allowed = getattr(settings, "MIZAN_WS_ALLOWED_ORIGINS", None)
        if not origin_allowed(headers.get("origin"), headers.get("host"), allowed):
            await self.close()  # before accept: the handshake gets 403
            return
        query = parse_qs(bytes(self.scope.get("query_string", b"")).decode("latin-1"))
        token = query.get("token")
        try:
            if token:
                principal = await self.hub.token_principal(token[0])
                if principal is None:  # forged, expired, revoked, or not issued here
                    await self.close()
                    return
            else:
                principal = await database_sync_to_async(_principal_of_user)(
                    self.scope.get("user"))
        except Exception:
            await self.close()
            return
        await self.accept()
        self.conn: Connection | None = await self.hub.open(
            self, principal, self.scope, _run_sync, next(iter(query.get("client", ())), None))
        self.writer = asyncio.create_task(self.conn.serve())

    async def dispatch(self, message: dict[str, Any]) -> None:
        """A frame goes straight to the connection. Channels would first close this
        thread's stale database connections, one hop through the thread every consumer
        shares, for each frame; a frame's work runs in threads of its own, and the
        connect and disconnect still go through Channels' dispatch."""
        if message.get("type") == "websocket.receive":
            await self.websocket_receive(message)
            return
        await super().dispatch(message)

    async def receive(self, text_data: str | None = None,
                      bytes_data: bytes | None = None) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            await conn.receive(text_data if text_data is not None else bytes_data or b"")

    async def disconnect(self, code: int) -> None:
        conn = getattr(self, "conn", None)
        if conn is None or self.hub is None:
            return
        await self.hub.close(conn)
        writer = getattr(self, "writer", None)
        if writer is not None and not writer.done():
            writer.cancel()
            with contextlib.suppress(BaseException):
                await writer

    # the connection's Transport
    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None,
                   close: bool = False) -> None:
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        await super().close(code=code, reason=reason)


def consumer_for(hub: Hub) -> type[MizanConsumer]:
    """The consumer class serving `hub`'s sockets."""
    return type("MizanHubConsumer", (MizanConsumer,), {"hub": hub})
