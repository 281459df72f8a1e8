"""A hub as a backend configures it: in-process by default; with a Redis URL, Redis
pub/sub for the fan-out and Redis for sequences and history, sign-outs and connections
per user, every key under one prefix (default `mizan:rt`) so that apps sharing a Redis
never meet."""

from __future__ import annotations

from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.realtime.fanout import Fanout
from mizan_spec.runtime.realtime.history import RedisHistory
from mizan_spec.runtime.realtime.hub import Hub
from mizan_spec.runtime.realtime.limits import Limits
from mizan_spec.runtime.realtime.redis_client import DEFAULT_PREFIX
from mizan_spec.runtime.realtime.revocation import RedisRevocations
from mizan_spec.runtime.realtime.user_slots import RedisSlots


def make_hub(protocol: Protocol, *, limits: Limits | None = None,
             redis_url: str | None = None, fanout: Fanout | None = None,
             redis_prefix: str = DEFAULT_PREFIX) -> Hub:
    limits = limits or Limits()
    if redis_url is None:
        return Hub(protocol, limits=limits, fanout=fanout)
    history = RedisHistory(redis_url, limits.history, limits.history_seconds,
                           prefix=redis_prefix)
    redis_fanout = None
    if fanout is None:
        from mizan_spec.runtime.realtime.redis_fanout import RedisFanout

        fanout = redis_fanout = RedisFanout(redis_url, prefix=f"{redis_prefix}:e")
    hub = Hub(protocol, limits=limits, fanout=fanout, history=history,
              revocations=RedisRevocations(redis_url, redis_prefix),
              slots=RedisSlots(redis_url, redis_prefix))
    if redis_fanout is not None:
        redis_fanout.on_reconnect = hub.resync
    return hub
