"""Cache keys: HMAC-SHA256 under the server secret, so they are opaque in a shared store
and cannot be forged or collide across apps.

An entry key covers the IR hash, the function, its `rev`, the scope and the canonical
JSON of the validated arguments; a generation key covers the IR hash, the function and
the scope. (The generation an entry was made under is stored with it, backend.py.)
Each part is length-prefixed, so no two different tuples give the same message.
"""

from __future__ import annotations

import hashlib
import hmac

ENTRY_PREFIX = "mizan:e:"
GENERATION_PREFIX = "mizan:g:"


class KeyMaker:
    def __init__(self, secret: bytes, ir_hash: str) -> None:
        if len(secret) < 16:
            raise ValueError("the cache secret must hold at least 16 bytes")
        self._secret = secret
        self._ir_hash = ir_hash

    def _mac(self, *parts: bytes) -> str:
        message = b"".join(len(p).to_bytes(8, "big") + p for p in parts)
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def generation(self, function: str, scope: str) -> str:
        return GENERATION_PREFIX + self._mac(b"g", self._ir_hash.encode(), function.encode(),
                                             scope.encode())

    def entry(self, function: str, rev: int, scope: str, args: bytes) -> str:
        return ENTRY_PREFIX + self._mac(b"e", self._ir_hash.encode(), function.encode(),
                                        str(rev).encode(), scope.encode(), args)
