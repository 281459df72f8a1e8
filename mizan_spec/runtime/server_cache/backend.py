"""What a server cache backend does: keep entries under opaque keys for a while, each
with the generation it was made under, and count generations. Keys reach it already
HMAC'd (keys.py); it never sees a function name or an argument."""

from __future__ import annotations

from typing import Protocol


def pack(generation: int, value: bytes) -> bytes:
    """An entry as stored: its generation in decimal, a newline, the value."""
    return str(generation).encode() + b"\n" + value


def unpack(generation: int, stored: bytes | None) -> bytes | None:
    """The value of a stored entry if it was made under `generation`, else None."""
    if stored is None:
        return None
    head, _, value = stored.partition(b"\n")
    return value if head == str(generation).encode() else None


class Backend(Protocol):
    """Storage of the server cache. Every method may fail only by returning "nothing":
    a backend that cannot reach its store answers None and logs a warning, so a call
    never fails because of its cache.

    A generation that starts (a counter the store does not hold, or lost) starts from
    the clock in microseconds, above anything counted before, so an entry of an old
    generation can never become current again."""

    def read(self, gen_key: str, entry_key: str) -> tuple[int, bytes | None] | None:
        """The generation under `gen_key` (started if new) and the value under
        `entry_key` if it was stored under that generation; None when the store cannot
        tell (then the cache is bypassed)."""
        ...

    def write(self, gen_key: str, generation: int, entry_key: str, value: bytes,
              ttl: int) -> None:
        """Store `value` for `ttl` seconds, only if the generation is still
        `generation` (a versioned write; best effort)."""
        ...

    def bump(self, gen_key: str) -> int | None:
        """Advance the generation under `gen_key` and return the new one (None: failed)."""
        ...
