"""The redis-py asyncio clients of the realtime stores: short timeouts, so that a Redis
that went away fails a call fast instead of holding a socket's handshake, one retry on
a pooled connection that died with a restart, and one client per event loop.

redis-py's asyncio connections belong to the loop that opened them: a client used from a
second loop fails there (`Event loop is closed`, `attached to a different loop`). A
hub's stores are reached from its serving loop and, from sync code in a process that
serves no sockets (Django under WSGI, or before the first socket), from the hub's own
loop thread (`loop_thread.py`); `LoopClients` gives each loop its own client.
"""

from __future__ import annotations

import asyncio
import weakref
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


class LoopClients:
    """A store's client for the running loop (made there on first use), and its scripts."""

    def __init__(self, url: str, timeout: float = 1.0) -> None:
        self.url = url
        self.timeout = timeout
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = \
            weakref.WeakKeyDictionary()
        self._scripts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop,
                                                 dict[str, Any]] = weakref.WeakKeyDictionary()

    def get(self) -> Any:
        """The running loop's client."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = self._clients[loop] = store_client(self.url, self.timeout)
        return client

    async def script(self, source: str, keys: list[str], args: list[Any]) -> Any:
        """Run a Lua script (EVALSHA, loading it on the first miss) with this loop's client."""
        scripts = self._scripts.setdefault(asyncio.get_running_loop(), {})
        script = scripts.get(source)
        if script is None:
            script = scripts[source] = self.get().register_script(source)
        return await script(keys=keys, args=args)

    async def aclose(self) -> None:
        """Close the running loop's client (each loop closes its own)."""
        loop = asyncio.get_running_loop()
        self._scripts.pop(loop, None)
        client = self._clients.pop(loop, None)
        if client is not None:
            await client.aclose()
