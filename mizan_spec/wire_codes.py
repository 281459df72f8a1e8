"""The protocol's error codes and the HTTP status each has on `call/` (spec/protocol.md
§7): one table, read by the runtime that sends them and the generators whose clients
receive them."""

from __future__ import annotations

ERROR_STATUS: dict[str, int] = {
    "malformed_json": 400,
    "invalid_request": 400,
    "not_authenticated": 401,
    "forbidden": 403,
    "csrf_failed": 403,
    "not_found": 404,
    "unknown_function": 404,
    "unknown_context": 404,
    "method_not_allowed": 405,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    "invalid_args": 422,
    "internal_error": 500,
}
"""Every error code the protocol sends, with its HTTP status."""
