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


class StalledClient:
    """A WebSocket client that stops reading: a plain socket with a tiny receive buffer
    (no autotuning), so that what the server sends soon stays in the server's queue.
    `close_code` reads on, to the server's close frame."""

    def __init__(self, base: str) -> None:
        import base64
        import os
        import socket
        from urllib.parse import urlsplit

        url = urlsplit(ws_url(base))
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.settimeout(WAIT)
        self.sock.connect((url.hostname, url.port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert head.startswith(b"HTTP/1.1 101"), head
        self.buffer = b""

    def send(self, text: str) -> None:
        import os

        data = text.encode()
        mask = os.urandom(4)
        assert len(data) < 126
        self.sock.sendall(bytes([0x81, 0x80 | len(data)]) + mask
                          + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed without a close frame")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def frame(self) -> tuple[int, bytes]:
        b0, b1 = self._read(2)
        length = b1 & 0x7F
        if length == 126:
            length = int.from_bytes(self._read(2), "big")
        elif length == 127:
            length = int.from_bytes(self._read(8), "big")
        return b0 & 0x0F, self._read(length)

    def close_code(self, wait: float = 20) -> int:
        """Read every frame up to the close frame; its code."""
        self.sock.settimeout(wait)
        while True:
            opcode, payload = self.frame()
            if opcode == 8:
                return int.from_bytes(payload[:2], "big")

    def close(self) -> None:
        self.sock.close()
