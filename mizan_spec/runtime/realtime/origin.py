"""The handshake's `Origin` check: cross-site WebSocket hijacking is the socket's CSRF
(browsers send cookies on a cross-origin handshake). spec/protocol.md §11.1."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit


def origin_allowed(origin: str | None, host: str | None,
                   allowed: Sequence[str] | None) -> bool:
    """No `Origin` (not a browser): allowed. Otherwise the origin must be one of
    `allowed` (`scheme://host[:port]`, or `*` for any), or, when `allowed` is None, name
    the same host (and port) as the request's `Host`."""
    if origin is None:
        return True
    if allowed is not None:
        wanted = {a.rstrip("/").lower() for a in allowed}
        return "*" in wanted or origin.rstrip("/").lower() in wanted
    if not host:
        return False
    try:
        netloc = urlsplit(origin).netloc.lower()
    except ValueError:
        return False
    return bool(netloc) and netloc == host.lower()
