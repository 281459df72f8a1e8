"""The IR's built-in names (auth levels, the global context), on their own so the
checker can name them without loading the IR model."""

from __future__ import annotations

AUTH_PUBLIC = "public"
AUTH_AUTHENTICATED = "authenticated"
AUTH_STAFF = "staff"
AUTH_SUPERUSER = "superuser"
AUTH_LEVELS: tuple[str, ...] = (AUTH_PUBLIC, AUTH_AUTHENTICATED, AUTH_STAFF, AUTH_SUPERUSER)
"""Built-in auth levels. Any other `auth` value names a declared predicate."""

GLOBAL_CONTEXT = "global"
