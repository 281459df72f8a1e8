"""The redis-py asyncio client the realtime stores share the settings of: short
timeouts, so that a Redis that went away fails a call fast instead of holding a
socket's handshake, and one retry on a pooled connection that died with a restart."""

from __future__ import annotations

from typing import Any

DEFAULT_PREFIX = "mizan:rt"
"""The default Redis key prefix of one app's realtime state (`realtime_redis_prefix`,
`MIZAN_REALTIME_REDIS_PREFIX`): two apps sharing one Redis give each its own."""


def store_client(url: str, timeout: float = 1.0) -> Any:
    import redis.asyncio as aioredis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError

    return aioredis.Redis.from_url(
        url, socket_timeout=timeout, socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 1), retry_on_error=[RedisConnectionError])
