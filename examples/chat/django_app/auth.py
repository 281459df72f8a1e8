"""Who calls: the user of the bearer token (`Authorization: Bearer ada-token`), on HTTP
requests (a middleware) and on the socket's handshake (`bearer_socket_user`, which sets
`scope["user"]` as Channels' `AuthMiddlewareStack` does from a session cookie)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from chat.rooms import USERS


class TokenUser:
    """What Mizan reads of `request.user`: signed in or not, its id and username."""

    is_staff = False
    is_superuser = False

    def __init__(self, token: str | None) -> None:
        user = USERS.get(token.removeprefix("Bearer ")) if token else None
        self.is_authenticated = user is not None
        self.pk = user[0] if user else None
        self._username = user[1] if user else ""

    def get_username(self) -> str:
        return self._username


class BearerUserMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = TokenUser(request.headers.get("Authorization"))  # type: ignore[assignment]
        return self.get_response(request)


def bearer_socket_user(app: Any) -> Any:
    async def with_user(scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers", ()))
        token = headers.get(b"authorization", b"").decode("latin-1") or None
        await app({**scope, "user": TokenUser(token)}, receive, send)
    return with_user
