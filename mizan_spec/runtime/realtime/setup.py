"""A hub as a backend configures it: in-process by default; with a Redis URL, Redis
pub/sub for the fan-out and Redis for sequences and history."""

from __future__ import annotations

from mizan_spec.runtime.protocol import Protocol
from mizan_spec.runtime.realtime.fanout import Fanout
from mizan_spec.runtime.realtime.history import RedisHistory
from mizan_spec.runtime.realtime.hub import History, Hub
from mizan_spec.runtime.realtime.limits import Limits


def make_hub(protocol: Protocol, *, limits: Limits | None = None,
             redis_url: str | None = None, fanout: Fanout | None = None) -> Hub:
    limits = limits or Limits()
    history: History | None = None
    if redis_url is not None:
        history = RedisHistory(redis_url, limits.history, limits.history_seconds)
        if fanout is None:
            from mizan_spec.runtime.realtime.redis_fanout import RedisFanout

            redis_fanout = RedisFanout(redis_url)
            hub = Hub(protocol, limits=limits, fanout=redis_fanout, history=history)
            redis_fanout.on_reconnect = hub.resync
            return hub
    return Hub(protocol, limits=limits, fanout=fanout, history=history)
