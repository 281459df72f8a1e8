"""A scripted WebSocket client for the tests: connect to a backend's `ws/`, send
frames, read frames (each with a bounded wait)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

WAIT = 5.0


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://", 1) + "ws/"


class Socket:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, frame: Any) -> None:
        await self.ws.send(frame if isinstance(frame, str | bytes) else json.dumps(frame))

    async def recv(self, wait: float = WAIT) -> str:
        data = await asyncio.wait_for(self.ws.recv(), wait)
        assert isinstance(data, str)
        return data

    async def frame(self, wait: float = WAIT) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(await self.recv(wait))
        return value

    async def nothing(self, wait: float = 0.3) -> None:
        """No frame arrives within `wait` seconds."""
        try:
            data = await asyncio.wait_for(self.ws.recv(), wait)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected frame {data!r}")

    async def frame_after(self, frame: Any) -> dict[str, Any]:
        await self.send(frame)
        return await self.frame()

    async def exchange(self, frame: Any, count: int = 1) -> list[str]:
        await self.send(frame)
        return [await self.recv() for _ in range(count)]


@asynccontextmanager
async def connect(base: str, user: str | None = None,
                  **options: Any) -> AsyncIterator[Socket]:
    headers = {"Authorization": f"Bearer {user}"} if user else {}
    async with websockets.connect(ws_url(base), additional_headers=headers,
                                  open_timeout=WAIT, **options) as ws:
        yield Socket(ws)
