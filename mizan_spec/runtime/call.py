"""What a server function receives first: the call context (request, principal, name)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Principal:
    """Who is signed in, as the protocol sees it (any backend's user maps to this)."""

    id: str
    username: str
    is_staff: bool = False
    is_superuser: bool = False

    def to_wire(self) -> dict[str, Any]:
        return {"id": self.id, "username": self.username, "is_staff": self.is_staff,
                "is_superuser": self.is_superuser}


@dataclass(slots=True)
class Call:
    """The first argument of every server function and auth predicate.

    `request` is the framework's own request object (a Starlette `Request` under FastAPI,
    a Django `HttpRequest` under Django); `user` is the signed-in principal or None.
    """

    function: str
    request: Any
    user: Principal | None
    backend: str

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None
