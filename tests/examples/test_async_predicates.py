"""`async def` auth predicates refuse as they say, in both flows, on every backend.

A predicate's answer is awaited, only `True` lets the call through, and any answer
other than a bool is a server error (`internal_error`, logged), never an allow. Served
by FastAPI (uvicorn), Django ASGI (uvicorn) and Django WSGI (gunicorn): the generated
library API with an `async def owns_loan` refusing everyone, and decorator-first
functions guarded by `@client(auth=async_fn)` (tests/examples/async_predicate_apps.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mizan_spec.runtime.implementation import ImplementationError
from tests.examples.conftest import EXAMPLES, FROZEN_NOW, ROOT, python_path
from tests.servers import ServerSpec, run_servers

REFUSED = {"error": {"code": "forbidden", "message": "you may not call this function",
                     "issues": []}}
ANON = {"error": {"code": "not_authenticated", "message": "sign in to call this function",
                  "issues": []}}
BROKEN = {"error": {"code": "internal_error",
                    "message": "the server failed to complete this call", "issues": []}}


@pytest.fixture(scope="module")
def predicate_servers(tmp_path_factory: pytest.TempPathFactory,
                      ) -> Iterator[tuple[dict[str, str], Path]]:
    logs = tmp_path_factory.mktemp("async-predicate-logs")
    env = {"LIBRARY_NOW": FROZEN_NOW, **python_path(EXAMPLES)}
    targets = {
        "fastapi": ("uvicorn", "tests.examples.async_predicate_fastapi:app"),
        "django-asgi": ("uvicorn", "tests.examples.async_predicate_django:asgi_app"),
        "django-wsgi": ("gunicorn", "tests.examples.async_predicate_django:wsgi_app"),
    }
    specs: dict[str, ServerSpec] = {name: (kind, target, env, ROOT)
                                    for name, (kind, target) in targets.items()}
    with run_servers(specs, logs) as urls:
        yield urls, logs


def _call(base: str, prefix: str, function: str, args: dict[str, Any],
          token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(base.replace("api/mizan/", prefix) + "call/", timeout=30,
                      json={"function": function, "args": args}, headers=headers)


CASES = [
    # (name, prefix, function, args, token, status, body)
    ("spec-first anonymous", "api/mizan/", "return_book", {"loan_id": 1}, None, 401, ANON),
    ("spec-first borrower", "api/mizan/", "return_book", {"loan_id": 1}, "ada-token", 403,
     REFUSED),
    ("spec-first staff", "api/mizan/", "return_book", {"loan_id": 3}, "sam-token", 403,
     REFUSED),
    ("decorator anonymous", "api/decorated/", "return_book", {"loan_id": 1}, None, 401, ANON),
    ("decorator signed in", "api/decorated/", "return_book", {"loan_id": 1}, "root-token",
     403, REFUSED),
    ("decorator async allows", "api/decorated/", "my_number", {"n": 7}, "ada-token", 200,
     {"result": 7, "invalidate": {"contexts": [], "functions": []}, "merge": []}),
    ("decorator async refuses", "api/decorated/", "my_number", {"n": 7}, None, 401, ANON),
    ("decorator answers a string", "api/decorated/", "maybe_guarded", {}, "ada-token", 500,
     BROKEN),
    ("decorator answers 1", "api/decorated/", "one_guarded", {}, None, 500, BROKEN),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_async_predicate_decides(predicate_servers: tuple[dict[str, str], Path],
                                 case: tuple[Any, ...]) -> None:
    urls, _ = predicate_servers
    _, prefix, function, args, token, status, body = case
    for name, base in urls.items():
        r = _call(base, prefix, function, args, token)
        assert r.status_code == status, (name, r.text)
        assert r.json() == body, name


def test_refused_bodies_never_ran(predicate_servers: tuple[dict[str, str], Path]) -> None:
    urls, logs = predicate_servers
    for case in CASES:
        if case[5] != 200:
            for base in urls.values():
                _call(base, case[1], case[2], case[3], case[4])
    for name in urls:
        log = (logs / f"{name}.log").read_text()
        assert "BODY RAN" not in log, name
        assert "auth predicate 'answers_maybe' returned str, not a bool" in log, name
        assert "auth predicate 'answers_one' returned int, not a bool" in log, name


def test_startup_refuses_an_async_server_function() -> None:
    """The wiring calls server functions without awaiting: an `async def` in place of
    a `def` is named when the app starts, not left to answer every call wrongly."""
    from library.fastapi_app.api import build_registry
    from library.fastapi_app.api.impl import Implementation

    class AsyncReturn(Implementation):  # type: ignore[misc]
        async def return_book(self, call: Any, *, loan_id: int) -> Any:
            return None

    with pytest.raises(ImplementationError) as raised:
        build_registry(AsyncReturn())
    assert "`return_book` is `async def`, this package expects `def` (generated with " \
        "--style sync)" in str(raised.value)


def test_startup_accepts_an_async_predicate() -> None:
    from library.fastapi_app.api import build_registry
    from library.fastapi_app.api.impl import Implementation

    from tests.examples.async_predicate_apps import refusing

    registry = build_registry(refusing(Implementation))
    assert registry.predicate("owns_loan") is not None
