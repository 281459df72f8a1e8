"""Building the server cache from settings: Django's `MIZAN_CACHE_*`, or the same
values passed by hand (`server_cache(secret=..., redis_url=...)`).

- `MIZAN_CACHE_SECRET`: the HMAC key (text or bytes, at least 32 bytes). Required by
  every shared store; without it the in-memory cache uses a random key per process.
- `MIZAN_CACHE_REDIS_URL`: keep entries in that Redis (`redis://host:6379/0`).
- `MIZAN_CACHE_BACKEND`: keep them in this alias of the project's `CACHES` instead.
- `MIZAN_CACHE = False`: no server cache at all.
"""

from __future__ import annotations

from mizan_spec.runtime.server_cache.cache import ServerCache

MIN_SECRET = 32


class CacheConfigError(ValueError):
    """The server cache settings cannot work; the message says what to set."""


def _secret(secret: str | bytes | None) -> bytes | None:
    if secret is None or secret == "" or secret == b"":
        return None
    data = secret.encode("utf-8") if isinstance(secret, str) else secret
    if len(data) < MIN_SECRET:
        raise CacheConfigError(f"MIZAN_CACHE_SECRET must hold at least {MIN_SECRET} bytes "
                               f"(it holds {len(data)}); generate one with "
                               "`python -c 'import secrets; print(secrets.token_hex(32))'`")
    return data


def server_cache(*, secret: str | bytes | None = None, redis_url: str | None = None,
                 django_cache: str | None = None) -> ServerCache:
    """The cache these settings describe; CacheConfigError when they cannot work."""
    key = _secret(secret)
    if redis_url and django_cache:
        raise CacheConfigError("set MIZAN_CACHE_REDIS_URL or MIZAN_CACHE_BACKEND, not both")
    if (redis_url or django_cache) and key is None:
        which = "MIZAN_CACHE_REDIS_URL" if redis_url else "MIZAN_CACHE_BACKEND"
        raise CacheConfigError(f"{which} is set but MIZAN_CACHE_SECRET is not: a cache shared "
                               "by several processes needs one secret they all use (at least "
                               f"{MIN_SECRET} bytes) so its keys cannot be forged")
    if redis_url:
        from mizan_spec.runtime.server_cache.redis_backend import RedisBackend

        return ServerCache(RedisBackend(redis_url), secret=key)
    if django_cache:
        from mizan_spec.runtime.server_cache.django_backend import DjangoCacheBackend

        return ServerCache(DjangoCacheBackend(django_cache), secret=key)
    return ServerCache(secret=key)
