"""What a server cache backend does: keep bytes under opaque keys for a while, and count
generations. Keys reach it already HMAC'd (keys.py); it never sees a function name."""

from __future__ import annotations

from typing import Protocol


class Backend(Protocol):
    """Storage of the server cache. Every method may fail only by returning "nothing":
    a backend that cannot reach its store answers None and logs a warning, so a call
    never fails because of its cache."""

    def get(self, key: str) -> bytes | None:
        """The value stored under `key`, or None (absent, expired, or unreachable)."""
        ...

    def set(self, key: str, value: bytes, ttl: int) -> None:
        """Store `value` under `key` for `ttl` seconds (best effort)."""
        ...

    def generation(self, key: str) -> int | None:
        """The current generation counted under `key` (a fresh counter starts at a value
        no earlier counter under that key reached, so entries never come back); None
        when the store cannot say, and then the cache is bypassed."""
        ...

    def bump(self, key: str) -> int | None:
        """Advance the generation under `key` and return the new one (None: failed)."""
        ...
