"""Calling the API from Django tests with the generated client, in process.

    from mizan_spec.django.testing import api_client
    from myapp.api.client import Client

    class ApiTests(TestCase):
        def test_me(self) -> None:
            client = api_client(Client, user=self.ada)   # signed in, like force_login
            assert client.me().username == "ada"

`api_client` builds the generated `Client` over `httpx.WSGITransport` and Django's own
WSGI handler: the requests go through the project's middleware, URLconf and CSRF check
exactly as over the network, inside the test's transaction (the handler leaves the
test's database connection open, as Django's test client does). A signed-in client
reads the CSRF token from `session/` before its first call, as it does against a live
server. Against `LiveServerTestCase`, pass `live_server_url + "/api/mizan/"` to the
client and `cookies=login_cookies(user)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import httpx
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client as DjangoClient

C = TypeVar("C")

TEST_HOST = "testserver"
"""The host of in-process requests: Django's test runner adds it to ALLOWED_HOSTS."""


class TestWSGIApp:
    """Django's WSGI handler without the end-of-request connection cleanup, which would
    close (and so roll back) the test's transaction."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()  # sends request_finished
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def login_cookies(user: Any, backend: str | None = None) -> dict[str, str]:
    """The session cookie of `user` signed in without credentials (Django's
    `Client.force_login`), for the generated client's `cookies=`."""
    django_client = DjangoClient()
    django_client.force_login(user, backend)
    return {settings.SESSION_COOKIE_NAME: django_client.cookies[settings.SESSION_COOKIE_NAME].value}


def test_http(host: str = TEST_HOST) -> httpx.Client:
    """An httpx client that sends every request to this project's WSGI handler."""
    return httpx.Client(transport=httpx.WSGITransport(app=TestWSGIApp()),
                        base_url=f"http://{host}")


def api_client(client_class: Callable[..., C], base: str = "/api/mizan/", *,
               user: Any = None, host: str = TEST_HOST, **options: Any) -> C:
    """The generated `client_class` calling the API mounted at `base` in process,
    signed in as `user` when given (`options` go to the client: `headers`, ...)."""
    cookies = login_cookies(user) if user is not None else None
    return client_class(f"http://{host}{base}", http=test_http(host), cookies=cookies,
                        **options)
