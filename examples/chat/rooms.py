"""The chat's storage, shared by both implementations: the messages of each room, kept in
memory by the process (a real app keeps them in its database). Thread-safe, since Django
runs sync methods in worker threads."""

from __future__ import annotations

import threading
from dataclasses import dataclass

USERS = {"ada-token": ("1", "ada"), "ben-token": ("2", "ben")}
"""Bearer token -> (user id, username): who may sign in (a real app has a user table)."""


@dataclass(frozen=True)
class Stored:
    id: int
    room: str
    user: str
    text: str


class Rooms:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[Stored] = []

    def add(self, room: str, user: str, text: str) -> Stored:
        with self._lock:
            stored = Stored(len(self._messages) + 1, room, user, text)
            self._messages.append(stored)
            return stored

    def last(self, room: str, limit: int) -> list[Stored]:
        with self._lock:
            return [m for m in self._messages if m.room == room][-limit:]

    def names(self) -> list[str]:
        with self._lock:
            return sorted({m.room for m in self._messages})
