"""FastAPI adapter: `app.include_router(mizan_router(registry, authenticate=...))`.

`authenticate` is an ordinary FastAPI dependency (it may itself take `Request`,
headers, other dependencies) returning the signed-in `Principal` or None. It should
return None rather than raise for an anonymous caller: the protocol decides per
function whether that is allowed. If it raises anyway, the answer is still the
protocol's envelope: `HTTPException` 401 is `not_authenticated`, 403 `forbidden`, a
request the dependency could not read (FastAPI's validation error) `not_authenticated`,
anything else `internal_error` (logged, never sent). Make it `async def` unless it
blocks: FastAPI runs a plain `def` dependency in a worker thread.

Every method reaches the protocol as sent (which answers 405 for all but one; methods
are case-sensitive, so `post` is 405 too). A body over `max_body` is not read on (not
at all when Content-Length already says so): the answer carries `Connection: close`,
and goes out once what a client still sending sends meanwhile was read and discarded,
within bounds (`linger.py`).
Route functions are served under the same prefix, their Django-style placeholders
translated to Starlette path parameters that match exactly what Django's converters
match.

The router adds the protocol's operations and schemas (`mizan_spec.openapi`) to the
app's own OpenAPI document when the app starts (through the router's lifespan, which
FastAPI merges into the app's), so `/docs` lists every function.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.convertors import CONVERTOR_TYPES, Convertor, register_url_convertor
from starlette.routing import Match
from starlette.types import Receive, Scope, Send

from mizan_spec.runtime.call import RESOURCES_ATTR, Principal
from mizan_spec.runtime.errors import INTERNAL, ProtocolError
from mizan_spec.runtime.fastapi_socket import add_socket_route, socket_hub
from mizan_spec.runtime.linger import linger
from mizan_spec.runtime.protocol import NativeResponse, Protocol
from mizan_spec.runtime.realtime.hub import Hub
from mizan_spec.runtime.realtime.limits import Limits
from mizan_spec.runtime.realtime.redis_client import DEFAULT_PREFIX
from mizan_spec.runtime.registry import Registry
from mizan_spec.runtime.routes import CONVERTERS, RoutePlan
from mizan_spec.runtime.server_cache import ServerCache
from mizan_spec.runtime.wire import DEFAULT_MAX_BODY, WireRequest, WireResponse

_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
"""Methods FastAPI is told of; `_AnyMethod` lets every other one through as well."""
log = logging.getLogger("mizan_spec.runtime")


class _Text(Convertor[str]):
    """A path converter that keeps the matched text (the core validates it)."""

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return str(value)


def _converter(name: str) -> str:
    """The Starlette converter name matching exactly what Django's `name` matches."""
    key = f"mizan_{name}"
    if key not in CONVERTOR_TYPES:
        conv = type(f"_Mizan{name.title()}", (_Text,), {"regex": CONVERTERS[name]})()
        register_url_convertor(key, conv)
    return key


async def _run_sync(fn: Callable[[], Any]) -> Any:
    return await run_in_threadpool(fn)


async def _read_body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)


_ENCODED: dict[tuple[tuple[str, str], ...], list[tuple[bytes, bytes]]] = {}
"""Response header tuples as Starlette sends them, encoded once: most responses share
the protocol's `base_headers` (the same tuple object every time)."""


def _send(out: WireResponse) -> Response:
    encoded = _ENCODED.get(out.headers)
    if encoded is None:
        encoded = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in out.headers]
        if len(_ENCODED) < 64:
            _ENCODED[out.headers] = encoded
    response = Response(content=out.body, status_code=out.status)
    response.raw_headers.extend(encoded)  # after the content-length Starlette computed
    return response


_REQUEST_ONLY = "_mizan_request_only"
"""Set on an endpoint that takes nothing but the request (no `authenticate`, no
`resources`): the route then calls it directly, skipping FastAPI's dependency solving."""


def _route_class(protocol: Protocol) -> type[APIRoute]:
    Handler = Callable[[Request], Coroutine[Any, Any, Response]]

    def guard(handler: Handler) -> Handler:
        """`handler`, with whatever escapes it (the `authenticate` dependency included)
        turned into the protocol's envelope."""

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except HTTPException as exc:
                code = {401: "not_authenticated", 403: "forbidden"}.get(exc.status_code)
                if code is None:
                    log.error("mizan: HTTP %s raised before the protocol ran", exc.status_code)
                    return _send(protocol.error(INTERNAL))
                return _send(protocol.error(ProtocolError(code, _MESSAGES[code])))
            except RequestValidationError:
                return _send(protocol.error(ProtocolError(
                    "not_authenticated", _MESSAGES["not_authenticated"])))
            except Exception:
                log.exception("mizan: the request failed before the protocol ran")
                return _send(protocol.error(INTERNAL))

        return guarded

    class _AnyMethod(APIRoute):
        """Matches every method (the protocol answers 405 itself) and guards its
        handler; an endpoint taking only the request is called directly."""

        _direct: Handler | None = None

        def matches(self, scope: Scope) -> tuple[Match, Scope]:
            match, child = super().matches(scope)
            return (Match.FULL if match == Match.PARTIAL else match), child

        async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
            if getattr(self.endpoint, _REQUEST_ONLY, False):
                if self._direct is None:
                    self._direct = guard(self.endpoint)
                response = await self._direct(Request(scope, receive, send))
                await response(scope, receive, send)
                return
            await self.app(scope, receive, send)

        def get_route_handler(self) -> Handler:
            return guard(super().get_route_handler())

    return _AnyMethod


_MESSAGES = {"not_authenticated": "sign in to call this function",
             "forbidden": "you may not call this function"}


def mizan_router(registry: Registry, *, authenticate: Callable[..., Any] | None = None,
                 resources: Callable[..., Any] | None = None,
                 prefix: str = "/api/mizan", max_body: int = DEFAULT_MAX_BODY,
                 cache: ServerCache | bool | None = None,
                 allowed_origins: Sequence[str] | None = None,
                 realtime_limits: Limits | None = None,
                 realtime_redis_url: str | None = None,
                 ws_token_secret: str | bytes | None = None,
                 realtime_redis_prefix: str = DEFAULT_PREFIX) -> APIRouter:
    """A router serving the Mizan protocol (and route functions) under `prefix`.

    `resources` is an ordinary FastAPI dependency (it may `yield`, and take other
    dependencies): FastAPI resolves it once per request, so every member of one `ctx/`
    fetch shares it, and runs its cleanup after the answer; functions read it as
    `call.resources` (typed by `Call[Request, T]`). `cache`: the server cache
    (`ServerCache`), False for none, or None for an in-memory one when some function has
    `cache=`. The WebSocket endpoint `ws/` (`fastapi_socket`): `allowed_origins` for
    its handshake (default: the same host), `realtime_limits`, and `realtime_redis_url`
    to share channels between processes through Redis (every key under
    `realtime_redis_prefix`: one each for apps sharing a Redis); `ws_token_secret` (32 bytes or
    more, a key of its own) makes `session/` issue connection tokens for `ws/?token=`."""
    protocol = Protocol(registry, max_body=max_body, backend="fastapi",
                        native_response=Response, cache=cache)
    hub = socket_hub(protocol, limits=realtime_limits, redis_url=realtime_redis_url,
                     token_secret=ws_token_secret, redis_prefix=realtime_redis_prefix)
    router = APIRouter(prefix=prefix.rstrip("/"), route_class=_route_class(protocol),
                       lifespan=_documenting(protocol, prefix.rstrip("/"), hub))

    async def serve(request: Request, principal: Principal | None) -> Response:
        scope = request.scope
        length, headers = _headers(scope["headers"])
        declared = int(length) if length is not None and length.isdigit() else None
        method = scope["method"]
        if method == "GET" or (declared is not None and declared > max_body):
            body = b""
        elif declared is not None:
            body = await request.body()
        else:
            body = await _read_body(request, max_body)
        wire = WireRequest(
            method=method, path=scope["path_params"]["path"],
            query=scope["query_string"].decode("latin-1"), headers=headers,
            body=body, declared_length=declared, principal=principal, native=request)
        out = await protocol.handle_async(wire, _run_sync)
        if protocol.body_cut_short(wire):
            await linger(request.receive)  # so that a client still sending reads the 413
            return _send(out.closing())
        return _send(out)

    def route_endpoint(plan: RoutePlan) -> Callable[..., Any]:
        async def serve_route(request: Request, principal: Principal | None) -> Response:
            wire = WireRequest(
                method=request.method, path=request.url.path,
                query=request.scope["query_string"].decode("latin-1"),
                headers=request.headers, principal=principal, native=request)
            args = {k: str(v) for k, v in request.path_params.items()}
            out = await protocol.handle_route_async(plan.name, wire, args, _run_sync)
            if isinstance(out, NativeResponse):
                response: Response = out.value
                return response
            return _send(out)
        return _with_principal(serve_route, authenticate, resources)

    for plan in protocol.routes.values():
        path = "/" + plan.pattern(lambda c, n: "{" + n + ":" + _converter(c) + "}")
        router.add_api_route(path, route_endpoint(plan), methods=_METHODS,
                             include_in_schema=False, name=f"mizan-{plan.name}")
    add_socket_route(router, hub, authenticate, allowed_origins)
    router.hub = hub  # type: ignore[attr-defined]
    router.add_api_route("/{path:path}", _with_principal(serve, authenticate, resources),
                         methods=_METHODS, include_in_schema=False, name="mizan")
    return router


def _headers(raw: list[tuple[bytes, bytes]]) -> tuple[str | None, dict[str, str]]:
    """The first Content-Length, the Content-Type and If-None-Match field lines (each
    joined by commas) and the first Mizan-Client-Id, read in one pass over the ASGI
    headers."""
    length: str | None = None
    ctype: list[str] = []
    etags: list[str] = []
    client = ""
    for key, value in raw:
        if key == b"content-length":
            if length is None:
                length = value.decode("latin-1")
        elif key == b"content-type":
            ctype.append(value.decode("latin-1"))
        elif key == b"if-none-match":
            etags.append(value.decode("latin-1"))
        elif key == b"mizan-client-id" and not client:
            client = value.decode("latin-1")
    return length, {"content-type": ",".join(ctype), "if-none-match": ",".join(etags),
                    "mizan-client-id": client}


async def _nobody() -> None:
    return None


def _with_principal(serve: Callable[[Request, Principal | None], Coroutine[Any, Any, Response]],
                    authenticate: Callable[..., Any] | None,
                    resources: Callable[..., Any] | None = None) -> Callable[..., Any]:
    """An endpoint calling `serve(request, principal)`, the principal from `authenticate`
    and the request's resources (kept on `request.state`) from `resources`."""
    if authenticate is None and resources is None:
        async def anonymous(request: Request) -> Response:
            return await serve(request, None)
        setattr(anonymous, _REQUEST_ONLY, True)
        return anonymous
    if resources is None:
        async def endpoint(request: Request,
                           principal: Principal | None = Depends(authenticate),  # noqa: B008
                           ) -> Response:
            return await serve(request, principal)
        return endpoint

    async def with_resources(request: Request,
                             principal: Principal | None = Depends(  # noqa: B008
                                 authenticate or _nobody),
                             found: Any = Depends(resources),  # noqa: B008
                             ) -> Response:
        setattr(request.state, RESOURCES_ATTR, found)
        return await serve(request, principal)
    return with_resources


def _documenting(protocol: Protocol, prefix: str, hub: Hub) -> Callable[[Any], Any]:
    """A lifespan adding the protocol's operations to the app's OpenAPI document, and
    running the realtime hub for as long as the app runs."""

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        if isinstance(app, FastAPI):
            add_openapi(app, protocol, prefix)
        await hub.start()
        try:
            yield None
        finally:
            await hub.shutdown()

    return lifespan


def add_openapi(app: FastAPI, protocol: Protocol, prefix: str = "/api/mizan") -> None:
    """Make `app.openapi()` (so `/openapi.json` and `/docs`) include the Mizan protocol
    served under `prefix`: its paths, and its schemas among the components."""
    from mizan_spec.openapi.document import openapi_paths

    original = app.openapi
    paths, schemas = openapi_paths(protocol.ir, prefix)

    def openapi() -> dict[str, Any]:
        document = original()
        if not set(paths) <= set(document.get("paths", {})):
            document.setdefault("paths", {}).update(paths)
            found = document.setdefault("components", {}).setdefault("schemas", {})
            found.update(schemas)
            document["components"]["schemas"] = dict(sorted(found.items()))
        return document

    app.openapi = openapi  # type: ignore[method-assign]
