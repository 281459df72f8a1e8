"""The generated Python client: passes ruff and mypy --strict, and the scenario of
ts/scenario.ts through the sync and the async client gives the TypeScript client's
transcript against both backends; Django session cookies get CSRF right."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from mizan_spec.generate.python.models import render_models
from mizan_spec.generate.python_client import render_python_client
from tests.clients.conftest import ROOT, Example
from tests.clients.scenario import TS_ONLY, run
from tests.clients.tsbuild import stale_ir


@pytest.fixture(scope="session")
def packages(example: Example, tmp_path_factory: pytest.TempPathFactory,
             ) -> Iterator[tuple[Path, ModuleType, ModuleType]]:
    """Two generated packages: `genclient` from the example, `genstale` from a
    stale IR; models.py from the models generator, client.py from ours."""
    root = tmp_path_factory.mktemp("py")
    ir = example.ir()
    for name, which in (("genclient", ir), ("genstale", stale_ir(ir))):
        pkg = root / name
        pkg.mkdir()
        (pkg / "__init__.py").write_text('"""A generated client package."""\n')
        (pkg / "models.py").write_text(render_models(which, '"""Models."""')[0])
        (pkg / "client.py").write_text(render_python_client(which, "app.mizan.kdl"))
    sys.path.insert(0, str(root))
    try:
        yield root, importlib.import_module("genclient.client"), importlib.import_module(
            "genstale.client")
    finally:
        sys.path.remove(str(root))


def test_generated_client_passes_ruff_and_mypy(packages: tuple[Path, Any, Any]) -> None:
    root = packages[0]
    client = root / "genclient" / "client.py"
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--config",
                           str(ROOT / "pyproject.toml"), str(client)],
                          capture_output=True, text=True, timeout=60)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           str(client)], capture_output=True, text=True, timeout=120, cwd=root)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


def test_deterministic(example: Example) -> None:
    ir = example.ir()
    assert render_python_client(ir, "x") == render_python_client(ir, "x")


def _normal(steps: list[list[Any]]) -> list[list[Any]]:
    return [s for s in json.loads(json.dumps(steps)) if s[0] not in TS_ONLY]


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_same_transcript_as_typescript(packages: tuple[Path, Any, Any],
                                       live_servers: dict[str, str],
                                       ts_transcripts: dict[str, dict[str, Any]],
                                       asynchronous: bool) -> None:
    _, client, stale = packages
    for backend, url in live_servers.items():
        python = asyncio.run(run(client, stale, url, asynchronous=asynchronous))
        expected = _normal(ts_transcripts[backend]["transcript"])
        assert [s[0] for s in python] == [s[0] for s in expected]
        for got, want in zip(python, expected, strict=True):
            assert got == want, (backend, got[0])


def test_django_session_cookie_gets_csrf(packages: tuple[Path, Any, Any],
                                         live_servers: dict[str, str]) -> None:
    _, client, _ = packages
    with client.Client(live_servers["django"], cookies={"sessionid": "abc"}) as c:
        assert c.echo(text="x") == {"text": "x", "tags": None, "user": None}
        assert c.session().csrf["header"] == "X-Csrftoken"
    with client.Client(live_servers["django"], cookies={"sessionid": "abc"},
                       session=False) as c, pytest.raises(client.CsrfFailed):
        c.echo(text="x")


def test_docstrings_say_which_functions_are_queries(packages: tuple[Path, Any, Any]) -> None:
    """The Python client tells queries (ir.kinds) from mutations in each method's doc."""
    client = packages[1].Client
    assert "A query" in client.get_post.__doc__ and "A query" in client.echo.__doc__
    assert "A query" not in client.rename_post.__doc__  # it invalidates
    assert "A query" not in client.user_profile.__doc__  # a context member


def test_call_raw_gives_the_whole_reply(packages: tuple[Path, Any, Any],
                                        live_servers: dict[str, str]) -> None:
    """`result` stays the plain return; `call_raw` adds what the server said about caches
    and its IR hash, exactly as the wire has them."""
    _, client, _ = packages
    for url in live_servers.values():
        args = {"id": 4, "title": "renamed"}
        wire = httpx.post(url + "call/", json={"function": "rename_post", "args": args},
                          headers={"Authorization": "Bearer root"})
        body = wire.json()
        assert body["invalidate"]["functions"] and body["merge"]  # something to keep
        with client.Client(url, headers={"Authorization": "Bearer root"}) as c:
            reply = c.call_raw("rename_post", args)
            assert c.call("rename_post", args) == reply.result == body["result"]
            assert c.rename_post(**args).title == "renamed"
        assert reply.invalidate == client.Invalidate(tuple(body["invalidate"]["contexts"]),
                                                     tuple(body["invalidate"]["functions"]))
        assert reply.merge == tuple(client.Merge(m["function"], m["args"])
                                    for m in body["merge"])
        assert reply.ir_hash == wire.headers["Mizan-IR-Hash"] == client.IR_HASH

        async def run_async(url: str, args: dict[str, Any]) -> Any:
            async with client.AsyncClient(url, headers={"Authorization": "Bearer root"}) as c:
                return await c.call_raw("rename_post", args)

        assert asyncio.run(run_async(url, args)) == reply


def test_ir_hash_warning_points_at_the_callers_line(packages: tuple[Path, Any, Any],
                                                    live_servers: dict[str, str]) -> None:
    _, _, stale = packages
    for url in live_servers.values():
        for first in ("session", "call"):  # the session read first, or not
            with warnings.catch_warnings(record=True) as caught, stale.Client(
                    url, session=first == "session") as c:
                warnings.simplefilter("always")
                line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
                c.sum_items(items=[1])
            [warning] = [w for w in caught if issubclass(w.category, stale.IrHashWarning)]
            assert (warning.filename, warning.lineno) == (__file__, line)

        async def run_async(url: str) -> tuple[int, list[warnings.WarningMessage]]:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                async with stale.AsyncClient(url) as c:
                    line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
                    await c.sum_items(items=[1])
            return line, caught

        line, caught = asyncio.run(run_async(url))
        [warning] = [w for w in caught if issubclass(w.category, stale.IrHashWarning)]
        assert (warning.filename, warning.lineno) == (__file__, line)


def test_a_context_members_error_has_the_status_of_its_code(
        packages: tuple[Path, Any, Any], live_servers: dict[str, str]) -> None:
    _, client, _ = packages
    for url in live_servers.values():
        with client.Client(url) as anonymous:
            with pytest.raises(client.NotAuthenticated) as raised:
                anonymous.user_profile()
            outcome = anonymous.fetch_user().user_profile
        assert not outcome.ok and isinstance(outcome.error, client.NotAuthenticated)
        assert outcome.error.status == raised.value.status == 401


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_the_client_revalidates_with_the_etag(packages: tuple[Path, Any, Any],
                                              live_servers: dict[str, str],
                                              asynchronous: bool) -> None:
    """A repeated context fetch or cached call sends If-None-Match, gets 304 and gives
    the same data; a call with other arguments is a full reply."""
    import httpx

    module = packages[1]
    seen: list[tuple[str, int, bool]] = []

    def record(response: httpx.Response) -> None:
        seen.append((response.request.url.path.rsplit("/mizan/", 1)[1], response.status_code,
                     "if-none-match" in response.request.headers))

    async def arecord(response: httpx.Response) -> None:
        record(response)

    for url in live_servers.values():
        seen.clear()
        if asynchronous:
            async def steps(url: str = url) -> list[Any]:
                http = httpx.AsyncClient(event_hooks={"response": [arecord]})
                async with module.AsyncClient(url, http=http, session=False) as c:
                    return [await c.fetch_context("global", {"lang": "fr"}),
                            await c.fetch_context("global", {"lang": "fr"}),
                            await c.call("sum_items", {"items": [2, 3]}),
                            await c.call("sum_items", {"items": [2, 3]}),
                            await c.call("sum_items", {"items": [4]})]
            got = asyncio.run(steps())
        else:
            http = httpx.Client(event_hooks={"response": [record]})
            with module.Client(url, http=http, session=False) as c:
                got = [c.fetch_context("global", {"lang": "fr"}),
                       c.fetch_context("global", {"lang": "fr"}),
                       c.call("sum_items", {"items": [2, 3]}),
                       c.call("sum_items", {"items": [2, 3]}),
                       c.call("sum_items", {"items": [4]})]
        assert got[0] == got[1] and got[2:] == [5, 5, 4]
        assert seen == [("ctx/global/", 200, False), ("ctx/global/", 304, True),
                        ("call/", 200, False), ("call/", 304, True), ("call/", 200, False)]
