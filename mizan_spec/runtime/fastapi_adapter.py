"""FastAPI adapter: `app.include_router(mizan_router(registry, authenticate=...))`.

`authenticate` is an ordinary FastAPI dependency (it may itself take `Request`,
headers, other dependencies) returning the signed-in `Principal` or None. It should
return None rather than raise for an anonymous caller: the protocol decides per
function whether that is allowed. Make it `async def` unless it blocks: FastAPI runs a
plain `def` dependency in a worker thread. Everything else is the protocol core's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.registry import Registry
from mizan_spec.runtime.wire import DEFAULT_MAX_BODY, WireRequest

_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
"""Methods routed to the protocol (which answers 405 for all but one); HEAD comes with GET."""


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


def mizan_router(registry: Registry, *, authenticate: Callable[..., Any] | None = None,
                 prefix: str = "/api/mizan", max_body: int = DEFAULT_MAX_BODY) -> APIRouter:
    """A router serving the Mizan protocol for `registry` under `prefix`."""
    protocol = Protocol(registry, max_body=max_body, backend="fastapi")
    router = APIRouter(prefix=prefix.rstrip("/"))

    async def serve(request: Request, principal: Principal | None) -> Response:
        length = request.headers.get("content-length")
        declared = int(length) if length is not None and length.isdigit() else None
        if request.method == "GET" or (declared is not None and declared > max_body):
            body = b""
        elif declared is not None:
            body = await request.body()
        else:
            body = await _read_body(request, max_body)
        wire = WireRequest(
            method=request.method, path=request.path_params["path"],
            query=request.scope["query_string"].decode("latin-1"), headers=request.headers,
            body=body, declared_length=declared, principal=principal, native=request)
        out = await protocol.handle_async(wire, _run_sync)
        return Response(content=out.body, status_code=out.status, headers=dict(out.headers))

    if authenticate is None:
        async def endpoint(request: Request) -> Response:
            return await serve(request, None)
    else:
        async def endpoint(request: Request,  # type: ignore[misc]
                           principal: Principal | None = Depends(authenticate),  # noqa: B008
                           ) -> Response:
            return await serve(request, principal)

    router.add_api_route("/{path:path}", endpoint, methods=_METHODS, include_in_schema=False)
    return router
