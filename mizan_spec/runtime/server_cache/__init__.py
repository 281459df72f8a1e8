"""The server cache: results of `cache=` functions kept under HMAC keys, invalidated by
`affects`, scoped per caller where the spec says so (spec/protocol.md §11).

`ServerCache` is what the protocol core talks to; a backend (`MemoryBackend`, or Redis)
only stores bytes and counts generations.
"""

from mizan_spec.runtime.server_cache.backend import Backend
from mizan_spec.runtime.server_cache.cache import ServerCache
from mizan_spec.runtime.server_cache.config import CacheConfigError, server_cache
from mizan_spec.runtime.server_cache.memory import MemoryBackend
from mizan_spec.runtime.server_cache.scope import ANONYMOUS, SHARED, is_shared, scope_of

__all__ = ["ANONYMOUS", "SHARED", "Backend", "CacheConfigError", "MemoryBackend", "ServerCache",
           "is_shared", "scope_of", "server_cache"]
