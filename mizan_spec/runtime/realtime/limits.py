"""The realtime transport's limits, with their documented defaults (spec/protocol.md
§11.2)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_frame: int = 64 * 1024
    """Bytes of one client frame (UTF-8); a longer one is `frame_too_large`."""
    subscriptions: int = 100
    """Subscriptions one connection may hold at once."""
    connections_per_user: int = 20
    """Connections one signed-in user may hold (close 4029 beyond): on one process, or
    on all of them when they share a Redis (`user_slots`)."""
    send_queue: int = 256
    """Frames waiting to be written to one connection; a connection whose queue is full
    is a slow consumer and is closed (4008), without slowing any other."""
    calls_in_flight: int = 16
    """Calls of one connection running at once; the next frames wait meanwhile."""
    heartbeat: float = 25.0
    """Seconds of silence from the client after which the server sends `ping`; after
    twice as long, the connection is closed (4000)."""
    history: int = 100
    """Messages each group keeps for resuming subscribers..."""
    history_seconds: float = 120.0
    """...and for how long (a resume point outside either is a `gap`)."""
