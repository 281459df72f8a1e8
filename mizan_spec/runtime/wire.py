"""The bytes on the wire: the one JSON encoder, and the neutral request/response values.

Every body either backend sends is produced by `dump_json`, so the same value gives the
same bytes everywhere: UTF-8, no ASCII escaping, no spaces, keys in insertion order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mizan_spec.runtime.call import Principal

JSON_CONTENT_TYPE = "application/json"
IR_HASH_HEADER = "Mizan-IR-Hash"
DEFAULT_MAX_BODY = 1024 * 1024


def dump_json(value: Any) -> bytes:
    """The protocol's only serializer. Raises ValueError/TypeError on non-JSON values."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


@dataclass(frozen=True)
class CsrfFacts:
    """What a browser client needs to send unsafe requests under session auth."""

    header: str
    token: str

    def to_wire(self) -> dict[str, str]:
        return {"header": self.header, "token": self.token}


@dataclass
class WireRequest:
    """One request, as an adapter hands it to the protocol core.

    `path` is relative to the base path (`call/`), `query` the raw query string,
    `headers` lowercase names, `body` at most max_body + 1 bytes (the adapter stops
    reading there), `declared_length` the Content-Length header if any.
    """

    method: str
    path: str
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    declared_length: int | None = None
    principal: Principal | None = None
    native: Any = None
    csrf: CsrfFacts | None = None
    csrf_check: Callable[[], bool] | None = None


@dataclass(frozen=True)
class WireResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
