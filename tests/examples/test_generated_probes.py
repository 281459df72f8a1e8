"""The runtime's wire-parity probes (tests/runtime/probes.py) against *generated* apps.

At test time, `gen python` turns tests/runtime/app.mizan.kdl into a FastAPI and a Django
package; their impl.py delegates every method to the function of the same name in
tests/runtime/mizan_testapp.py (arguments and results pass through their JSON form, from
the generated models to the hand-written ones and back). Served under uvicorn (FastAPI,
Django ASGI) and gunicorn (Django WSGI) next to the decorator-first servers of the same
app, every probe gets the same status, the same body bytes and the same protocol headers.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from probes import PROBES, RAW_PROBES, Probe, RawProbe
from rawhttp import exchange

from tests.examples.conftest import ROOT, RUNTIME_TESTS, python_path
from tests.servers import ServerSpec, run_servers

PROTOCOL_HEADERS = ("content-type", "cache-control", "mizan-ir-hash", "allow", "x-route")

DELEGATE = '''"""Forward a generated method to mizan_testapp's function of the same name."""

from __future__ import annotations

import asyncio
import inspect
import typing
from typing import Any

import mizan_testapp
from pydantic import TypeAdapter
from pydantic_core import to_jsonable_python


def delegate(name: str, scope: dict[str, Any]) -> Any:
    impl, call = scope["self"], scope["call"]
    target = getattr(mizan_testapp, name)
    if name == "can_edit":  # the predicate
        return target(call, scope["args"])
    wanted = typing.get_type_hints(target)
    kwargs = {p: TypeAdapter(wanted[p]).validate_python(to_jsonable_python(scope[p],
                                                                           by_alias=True))
              for p in list(inspect.signature(target).parameters)[1:]}
    result = target(call, **kwargs)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    returns = typing.get_type_hints(getattr(type(impl), name))["return"]
    if returns is type(None) or getattr(returns, "__module__", "").startswith(
            ("starlette", "fastapi", "django")):
        return result  # nothing, or a route function's own response
    try:
        plain = to_jsonable_python(result, by_alias=True)
    except Exception:
        return result  # let the runtime refuse what does not fit the declared type
    return TypeAdapter(returns).validate_python(plain)
'''

FASTAPI_APP = '''from fastapi import FastAPI
from gen_fastapi import create_router
from gen_fastapi.impl import Implementation
from mizan_fastapi_app import authenticate

app = FastAPI()
app.include_router(create_router(Implementation(), authenticate=authenticate,
                                 max_body=256 * 1024))
'''

_RUNTIME_DJANGO = (RUNTIME_TESTS / "mizan_django_app.py").read_text(encoding="utf-8")


def _django_app() -> str:
    """tests/runtime/mizan_django_app.py, serving the generated package instead."""
    text = _RUNTIME_DJANGO.replace(
        "from mizan_testapp import principal_from, registry  # noqa: E402",
        "from gen_django import urls  # noqa: E402\n"
        "from gen_django.impl import Implementation  # noqa: E402\n"
        "from mizan_testapp import principal_from  # noqa: E402")
    text = text.replace("include(mizan_urls(registry, max_body=256 * 1024))",
                        "include(urls(Implementation(), max_body=256 * 1024))")
    assert "urls(Implementation()" in text and "gen_django.impl" in text
    return text


def _generate(tmp: Path, backend: str, package: str) -> None:
    out = tmp / package
    done = subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python",
                           str(RUNTIME_TESTS / "app.mizan.kdl"), "--backend", backend,
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    scaffold = (out / "impl.py").read_text(encoding="utf-8")
    impl, count = re.subn(r'raise NotImplementedError\("(\w+)"\)',
                          r'return delegate("\1", locals())', scaffold)
    assert count == 27  # 26 functions and a predicate
    (out / "impl.py").write_text(impl.replace("\nclass Implementation",
                                              "\nfrom delegate import delegate\n\n\n"
                                              "class Implementation", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    tmp = tmp_path_factory.mktemp("generated-testapp")
    _generate(tmp, "fastapi", "gen_fastapi")
    _generate(tmp, "django", "gen_django")
    (tmp / "delegate.py").write_text(DELEGATE, encoding="utf-8")
    (tmp / "gen_fastapi_app.py").write_text(FASTAPI_APP, encoding="utf-8")
    (tmp / "gen_django_app.py").write_text(_django_app(), encoding="utf-8")
    env = python_path(tmp, RUNTIME_TESTS)
    specs: dict[str, ServerSpec] = {
        "decorator-fastapi": ("uvicorn", "mizan_fastapi_app:app", env, RUNTIME_TESTS),
        "decorator-django-wsgi": ("gunicorn", "mizan_django_app:wsgi_app", env, RUNTIME_TESTS),
        "generated-fastapi": ("uvicorn", "gen_fastapi_app:app", env, tmp),
        "generated-django-asgi": ("uvicorn", "gen_django_app:asgi_app", env, tmp),
        "generated-django-wsgi": ("gunicorn", "gen_django_app:wsgi_app", env, tmp),
    }
    logs = tmp_path_factory.mktemp("generated-testapp-logs")
    with run_servers(specs, logs) as urls:
        yield urls


@pytest.fixture(scope="module")
def clients(servers: dict[str, str]) -> Iterator[dict[str, httpx.Client]]:
    made = {name: httpx.Client(base_url=url, timeout=30) for name, url in servers.items()}
    yield made
    for c in made.values():
        c.close()


@pytest.mark.parametrize("probe", PROBES, ids=[p[0] for p in PROBES])
def test_generated_apps_answer_like_the_decorator_apps(clients: dict[str, httpx.Client],
                                                       probe: Probe) -> None:
    _, method, path, options, status = probe
    answers = {name: c.request(method, path, **options) for name, c in clients.items()}
    reference = answers["decorator-fastapi"]
    assert reference.status_code == status, reference.content[:500]
    for name, r in answers.items():
        assert r.status_code == status, (name, r.content[:500])
        assert r.content == reference.content, f"{name} differs from decorator-fastapi"
        for h in PROTOCOL_HEADERS:
            assert r.headers.get(h) == reference.headers.get(h), (name, h)


@pytest.mark.parametrize("probe", RAW_PROBES, ids=[p[0] for p in RAW_PROBES])
def test_generated_apps_answer_raw_probes_alike(servers: dict[str, str],
                                                probe: RawProbe) -> None:
    """The socket-level probes too (odd methods and headers, chunked and oversize
    bodies): generated apps answer them as the decorator apps do."""
    _, method, path, headers, body, status, refused_by_server = probe
    answers = {}
    for name, url in servers.items():
        r = exchange(url, method, path, headers, body, watch_close=False)
        if name.endswith(tuple(refused_by_server)):  # the HTTP server's own answer
            assert r.status == 400 and r.header("mizan-ir-hash") is None, name
        else:
            answers[name] = r
    reference = answers["decorator-fastapi"]
    assert reference.status == status, reference.body[:500]
    for name, r in answers.items():
        assert (r.status, r.body) == (reference.status, reference.body), name
        closes = [(x.header("connection") or "").lower() == "close" for x in (r, reference)]
        assert closes[0] == closes[1], name
