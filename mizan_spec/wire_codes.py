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

SOCKET_ERROR_STATUS: dict[str, int] = {
    "unknown_frame_type": 400,
    "unknown_channel": 404,
    "unknown_subscription": 404,
    "send_not_allowed": 405,
    "ir_hash_mismatch": 409,
    "frame_too_large": 413,
    "too_many_subscriptions": 429,
    "unavailable": 503,
}
"""Error codes only the WebSocket transport sends (spec/protocol.md §11.9), each with the
status its error frame carries."""
