"""The accounts both apps share the rules of: kept in memory (a real app has a table),
with one address registered from the start so that "already registered" can be tried."""

from __future__ import annotations

from threading import Lock

REGISTERED: dict[str, str] = {"ada@example.com": "ada"}  # email -> username
_lock = Lock()


def register(username: str, email: str) -> bool:
    """Open the account; False when the address holds one already."""
    with _lock:
        if email.lower() in REGISTERED:
            return False
        REGISTERED[email.lower()] = username
        return True
