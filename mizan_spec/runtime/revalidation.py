"""HTTP revalidation: a strong ETag on `ctx/` replies and on results of cached functions,
and 304 Not Modified for a request whose If-None-Match names it (spec/protocol.md §10.1).

The ETag is a digest of the reply's body, so every backend and every process gives the
same tag for the same bytes. `Cache-Control` becomes `no-cache` (store, but always ask
again) for replies everyone shares, and `private, no-cache` for replies that depend on
the caller.
"""

from __future__ import annotations

import hashlib

from mizan_spec.runtime.wire import WireResponse

SHARED_CONTROL = "no-cache"
PRIVATE_CONTROL = "private, no-cache"


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match holds `*` or `etag` (weak comparison, as RFC 9110 §13.1.2 asks)."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def tagged(response: WireResponse, if_none_match: str | None, private: bool) -> WireResponse:
    """A 200 reply with its ETag and revalidating Cache-Control, or the 304 that
    replaces it when the client already holds these bytes."""
    if response.status != 200:
        return response
    etag = etag_of(response.body)
    control = PRIVATE_CONTROL if private else SHARED_CONTROL
    headers = (*((k, control) if k == "Cache-Control" else (k, v)
                  for k, v in response.headers), ("ETag", etag))
    if matches(if_none_match, etag):
        return WireResponse(304, headers, b"")
    return WireResponse(200, headers, response.body)
