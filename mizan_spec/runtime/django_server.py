"""The server side of the Django adapter: an oversize body is answered at once, then the
connection is closed, under ASGI and WSGI alike.

    application = mizan_asgi(get_asgi_application())   # asgi.py (HTTP and ws/)
    application = mizan_wsgi(get_wsgi_application())   # wsgi.py

Django's ASGI handler reads a request's whole body before any view runs, so a client
declaring a gigabyte (or streaming one, chunked) would be read to its end before the
protocol could answer 413. `mizan_asgi` ends the body Django sees as soon as it is over
the limit of the protocol view the path resolves to (nothing at all when Content-Length
already is): the view answers 413 then, with `Connection: close` (after reading and
discarding what a client still sending sends meanwhile, within bounds: `linger.py`,
so that it reads the answer instead of a reset). Route functions
and the rest of the site are passed through untouched.

A WSGI application may not send `Connection` (PEP 3333: hop-by-hop headers are the
server's). The protocol view marks the environ instead, and `mizan_wsgi` asks the
server to close the connection: gunicorn's `start_response` belongs to its response
object, whose `force_close()` makes it send `Connection: close` and close. Without the
wrapper (or on a server without `force_close`) the answer is the same, and the server
decides alone what to do with the unread rest of the body.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from mizan_spec.runtime.linger import linger

MAX_BODY_ATTR = "mizan_max_body"
"""Set on the protocol's Django view: the body limit of the `mizan_urls` it belongs to."""
HUB_ATTR = "mizan_hub"
"""Set on the protocol's Django view when Django Channels is installed: the realtime hub
its `ws/` is served by (`django_socket`)."""
CLOSE_CONNECTION = "mizan.close_connection"
"""The WSGI environ key by which the protocol view asks for the connection to close."""

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]
"""(scope, receive, send): typed loosely, so that Django's handler (and any ASGI
application with its own type hints) fits."""
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Any, Any], Iterable[bytes]]


def _resolved(scope: MutableMapping[str, Any]) -> Any:
    """The URL match of this request's path, or None."""
    from django.conf import settings
    from django.urls import Resolver404, resolve

    script = str(getattr(settings, "FORCE_SCRIPT_NAME", None) or scope.get("root_path") or "")
    path = str(scope.get("path", ""))
    path_info = path.removeprefix(script) if script else path
    try:
        return resolve(path_info or "/")
    except Resolver404:
        return None


def _limit_for(scope: MutableMapping[str, Any]) -> int | None:
    """The body limit of the protocol view serving this request, or None (not one)."""
    match = _resolved(scope)
    limit = getattr(match.func, MAX_BODY_ATTR, None) if match is not None else None
    return limit if isinstance(limit, int) else None


async def _refuse(send: Send) -> None:
    await send({"type": "websocket.close", "code": 1008})


def _socket_app(scope: MutableMapping[str, Any],
                websocket_auth: Callable[[ASGIApp], ASGIApp] | None) -> ASGIApp | None:
    """The consumer serving this WebSocket handshake: the `ws/` of a protocol view."""
    match = _resolved(scope)
    hub = getattr(match.func, HUB_ATTR, None) if match is not None else None
    if hub is None or match.kwargs.get("path") != "ws/":
        return None
    app: ASGIApp | None = getattr(hub, "django_app", None)
    if app is None:
        from mizan_spec.runtime.django_socket import consumer_for, session_auth

        wrap = websocket_auth if websocket_auth is not None else session_auth()
        app = wrap(consumer_for(hub).as_asgi())
        hub.django_app = app
    return app


def _declared(scope: MutableMapping[str, Any]) -> tuple[bool, int | None]:
    """(whether the request has a body at all, its Content-Length if given)."""
    has_body, length = False, None
    for name, value in scope.get("headers", ()):
        key = bytes(name).lower()
        if key == b"content-length":
            has_body = True
            text = bytes(value).decode("latin-1").strip()
            length = int(text) if text.isdigit() else None
        elif key == b"transfer-encoding":
            has_body = True
    return has_body, length


class _LimitedBody:
    """`receive` for Django's ASGI handler, ending the body once it is over `limit`."""

    def __init__(self, receive: Receive, limit: int, declared: int | None) -> None:
        self.receive = receive
        self.limit = limit
        self.refuse_at_once = declared is not None and declared > limit
        self.ended = False
        self.size = 0

    async def __call__(self) -> Message:
        if self.ended:  # Django now listens only for the client going away
            while True:
                message = await self.receive()
                if message.get("type") != "http.request":
                    return message
        if self.refuse_at_once:
            self.ended = True
            await linger(self.receive)  # so that a client still sending reads the 413
            return {"type": "http.request", "body": b"", "more_body": False}
        message = await self.receive()
        if message.get("type") != "http.request":
            return message
        self.size += len(message.get("body", b""))
        if not message.get("more_body", False):
            self.ended = True
        elif self.size > self.limit:
            self.ended = True
            await linger(self.receive)
            return {**message, "more_body": False}
        return message


def mizan_asgi(application: ASGIApp, *,
               websocket_auth: Callable[[ASGIApp], ASGIApp] | None = None) -> ASGIApp:
    """Django's ASGI application, answering an oversize body of the protocol at once,
    and serving the protocol's `ws/` (Django Channels; other WebSocket handshakes are
    refused). `websocket_auth` sets `scope["user"]` for sockets (default: Channels'
    `AuthMiddlewareStack` when Django's auth and sessions are installed)."""

    async def app(scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope.get("type") == "websocket":
            socket_app = _socket_app(scope, websocket_auth)
            if socket_app is None:
                await _refuse(send)
                return
            await socket_app(scope, receive, send)
            return
        if scope.get("type") == "http":
            has_body, declared = _declared(scope)
            limit = _limit_for(scope) if has_body else None
            if limit is not None:
                await application(scope, _LimitedBody(receive, limit, declared), send)
                return
        await application(scope, receive, send)

    return app


def mizan_wsgi(application: WSGIApp) -> WSGIApp:
    """Django's WSGI application, asking the server to close the connection after an
    answer given before the body was read to its end."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if environ.get(CLOSE_CONNECTION):
                server_response = getattr(start_response, "__self__", None)
                force_close = getattr(server_response, "force_close", None)
                if callable(force_close):
                    with contextlib.suppress(Exception):
                        force_close()
            return start_response(status, headers, exc_info)

        return application(environ, start)

    return app
