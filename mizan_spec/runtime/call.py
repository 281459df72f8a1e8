"""What a server function receives first: the call context (request, principal, name)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, cast

from typing_extensions import TypeVar

RequestT = TypeVar("RequestT", default=Any)
"""The framework's request type; `Call` alone is `Call[Any, Any]`."""
ResourcesT = TypeVar("ResourcesT", default=Any)
"""What the app's per-request `resources` dependency gives (FastAPI)."""

RESOURCES_ATTR = "mizan_resources"
"""Where the FastAPI adapter keeps the request's resources (`request.state`)."""


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
class Call(Generic[RequestT, ResourcesT]):
    """The first argument of every server function and auth predicate.

    `request` is the framework's own request object, typed by the parameter: generated
    interfaces declare `Call[Request]` (Starlette's, under FastAPI) or `Call[HttpRequest]`
    (Django's, so `call.request.user` is Django's user type), and an implementation may
    write either that or plain `Call`; `user` is the signed-in principal or None.
    `resources` is what the router's `resources` dependency gave for this request, typed
    by the second parameter (`Call[Request, AsyncSession]`); None without one.
    """

    function: str
    request: RequestT
    user: Principal | None
    backend: str

    @property
    def resources(self) -> ResourcesT:
        state = getattr(self.request, "state", None)
        return cast(ResourcesT, getattr(state, RESOURCES_ATTR, None))

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None
