"""Short-lived signed connection tokens, for clients that cannot send the cookie or
header the handshake would authenticate them by (cross-origin pages, mobile apps,
services): `session/` issues one to a signed-in caller, and `ws/?token=...` accepts it
until it expires or its user signs out (spec/protocol.md §11.1, `revocation`).

A token is `<principal>.<expiry>.<signature>`: the principal's JSON in base64url, the
expiry in Unix seconds, and the HMAC-SHA256 of both under a key of its own (never the
cache's, the session's or a JWT's), in hex.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from mizan_spec.runtime.call import Principal

DEFAULT_TTL = 60
MIN_KEY = 32
_DOMAIN = b"mizan-ws-token\0"


class TokenKeyError(ValueError):
    """The key is missing or too short to sign with."""


def check_key(key: str | bytes) -> bytes:
    raw = key.encode() if isinstance(key, str) else key
    if len(raw) < MIN_KEY:
        raise TokenKeyError(f"the connection-token key must be at least {MIN_KEY} bytes")
    return raw


def _sign(key: bytes, body: str) -> str:
    return hmac.new(key, _DOMAIN + body.encode(), hashlib.sha256).hexdigest()


def issue(key: bytes, principal: Principal, ttl: int = DEFAULT_TTL,
          now: float | None = None) -> str:
    who = base64.urlsafe_b64encode(json.dumps(principal.to_wire(), separators=(",", ":"))
                                   .encode()).decode().rstrip("=")
    body = f"{who}.{int(now if now is not None else time.time()) + ttl}"
    return f"{body}.{_sign(key, body)}"


def verify(key: bytes, token: str, now: float | None = None) -> Principal | None:
    """The principal a token names, or None (malformed, forged or expired)."""
    found = read(key, token, now)
    return found[0] if found is not None else None


def read(key: bytes, token: str, now: float | None = None) -> tuple[Principal, int] | None:
    """The principal a token names and its expiry, or None (malformed, forged or
    expired)."""
    try:
        who, expiry, signature = token.split(".")
        body = f"{who}.{expiry}"
        if not hmac.compare_digest(signature, _sign(key, body)):
            return None
        if int(expiry) < (now if now is not None else time.time()):
            return None
        data = json.loads(base64.urlsafe_b64decode(who + "=" * (-len(who) % 4)))
        return Principal(str(data["id"]), str(data["username"]), bool(data["is_staff"]),
                         bool(data["is_superuser"])), int(expiry)
    except (ValueError, KeyError, TypeError):
        return None
