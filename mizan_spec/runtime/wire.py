"""The bytes on the wire: the one JSON encoder, and the neutral request/response values.

Every body either backend sends is produced by pydantic-core's JSON serializer (through
`dump_json`, or a result's own TypeAdapter, which is the same serializer), so the same
value gives the same bytes everywhere: UTF-8, no ASCII escaping, no spaces, keys in
insertion order. `join_object` assembles an object from members already encoded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import to_json

from mizan_spec.runtime.call import Principal

JSON_CONTENT_TYPE = "application/json"
IR_HASH_HEADER = "Mizan-IR-Hash"
DEFAULT_MAX_BODY = 1024 * 1024
CLOSE = ("Connection", "close")
"""Added to an answer given before the request's body was read to its end (it is over
the limit): the connection cannot carry another request and is closed."""


def dump_json(value: Any) -> bytes:
    """The protocol's serializer for the values it builds itself (envelopes, args)."""
    return to_json(value, inf_nan_mode="null")


def join_object(members: list[tuple[str, bytes]]) -> bytes:
    """`{"k":v,...}` from already-encoded member values, in the given order."""
    return b"{" + b",".join(to_json(k) + b":" + v for k, v in members) + b"}"


@dataclass(frozen=True)
class CsrfFacts:
    """What a browser client needs to send unsafe requests under session auth."""

    header: str
    token: str

    def to_wire(self) -> dict[str, str]:
        return {"header": self.header, "token": self.token}


@dataclass(slots=True)
class WireRequest:
    """One request, as an adapter hands it to the protocol core.

    `path` is relative to the base path (`call/`), `query` the raw query string,
    `headers` lowercase names (a field sent more than once is given as its field lines
    joined by commas, RFC 9110 §5.3), `method` exactly as sent (methods are
    case-sensitive), `body` at most max_body + 1 bytes (the adapter stops reading
    there, and reads nothing when `declared_length`, the Content-Length header if any,
    is already over the limit).
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


@dataclass(slots=True)
class WireResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def closing(self) -> WireResponse:
        """The same answer, asking the server to close the connection after it."""
        return WireResponse(self.status, (*self.headers, CLOSE), self.body)
