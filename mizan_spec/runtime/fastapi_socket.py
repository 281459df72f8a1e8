"""FastAPI's WebSocket endpoint of the protocol: `ws/` in the router `mizan_router`
returns (spec/protocol.md §11).

The `authenticate` dependency is resolved on the handshake (it should read headers or
cookies through `HTTPConnection`-level parameters such as `Header`, not `Request`); one
that raises refuses the handshake. A `?token=` issued by `session/` (with
`ws_token_secret`) names the principal instead; a bad or expired one refuses it. The
`Origin` is checked against `allowed_origins` (default: the request's own host).
Functions called over the socket get the `WebSocket` as `call.request`, and no
`call.resources` (the router's `resources` dependency runs per HTTP request).
Messages and invalidations fan out in the process; with `redis_url` they go through
Redis pub/sub and each group's sequence and history are kept in Redis, so that several
processes serve one set of channels.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Depends, WebSocket
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect, WebSocketState

from mizan_spec.runtime.call import Principal
from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.realtime.hub import Hub
from mizan_spec.runtime.realtime.limits import Limits
from mizan_spec.runtime.realtime.origin import origin_allowed
from mizan_spec.runtime.realtime.redis_client import DEFAULT_PREFIX
from mizan_spec.runtime.realtime.setup import make_hub
from mizan_spec.runtime.realtime.tokens import DEFAULT_TTL, check_key

FORBIDDEN_ORIGIN = 1008


async def _run_sync(fn: Callable[[], Any]) -> Any:
    return await run_in_threadpool(fn)


class _StarletteTransport:
    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket

    async def send(self, text: str) -> None:
        await self.websocket.send_text(text)

    async def close(self, code: int, reason: str) -> None:
        if self.websocket.application_state != WebSocketState.DISCONNECTED:
            await self.websocket.close(code, reason)


async def _nobody() -> None:
    return None


def socket_hub(protocol: Protocol, *, limits: Limits | None = None,
               redis_url: str | None = None, token_secret: str | bytes | None = None,
               redis_prefix: str = DEFAULT_PREFIX) -> Hub:
    hub = make_hub(protocol, limits=limits, redis_url=redis_url, redis_prefix=redis_prefix)
    if token_secret is not None:
        hub.use_tokens(check_key(token_secret), DEFAULT_TTL)
    return hub


def add_socket_route(router: APIRouter, hub: Hub, authenticate: Callable[..., Any] | None,
                     allowed_origins: Sequence[str] | None = None) -> None:
    async def endpoint(websocket: WebSocket,
                       principal: Principal | None = Depends(authenticate or _nobody),  # noqa: B008
                       ) -> None:
        await serve_socket(hub, websocket, principal, allowed_origins)

    router.add_api_websocket_route("/ws/", endpoint, name="mizan-ws")


async def serve_socket(hub: Hub, websocket: WebSocket, principal: Principal | None,
                       allowed_origins: Sequence[str] | None) -> None:
    if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host"),
                          allowed_origins):
        await websocket.close(FORBIDDEN_ORIGIN)  # before accept: the handshake gets 403
        return
    token = websocket.query_params.get("token")
    if token is not None:
        principal = await hub.token_principal(token)
        if principal is None:  # forged, expired, revoked, or tokens are not issued here
            await websocket.close(FORBIDDEN_ORIGIN)
            return
    await websocket.accept()
    conn = await hub.open(_StarletteTransport(websocket), principal, websocket, _run_sync,
                          websocket.query_params.get("client"))
    writer = asyncio.create_task(conn.serve())
    try:
        while not writer.done():
            receiving = asyncio.ensure_future(websocket.receive())
            await asyncio.wait({receiving, writer}, return_when=asyncio.FIRST_COMPLETED)
            if not receiving.done():
                receiving.cancel()
                break
            message = receiving.result()
            if message["type"] == "websocket.disconnect":
                break
            text = message.get("text")
            await conn.receive(text if text is not None else bytes(message.get("bytes") or b""))
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        await hub.close(conn)
        if not writer.done():
            conn.close(1000, "")
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer, 5)
            writer.cancel()
