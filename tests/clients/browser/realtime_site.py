"""The realtime test app (tests/realtime/rt_app.py) with its browser page: an ASGI
wrapper that serves / and /app.js from $MIZAN_PAGE_DIR on the app's own origin (the
WebSocket handshake's Origin check allows only that) and hands everything else on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PAGES = {"/": ("index.html", b"text/html"), "/app.js": ("app.js", b"text/javascript")}


def with_page(app: Any) -> Any:
    async def serve(scope: dict[str, Any], receive: Any, send: Any) -> None:
        page = PAGES.get(scope.get("path", "")) if scope["type"] == "http" else None
        if page is None:
            await app(scope, receive, send)
            return
        body = (Path(os.environ["MIZAN_PAGE_DIR"]) / page[0]).read_bytes()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", page[1])]})
        await send({"type": "http.response.body", "body": body})
    return serve
