"""The client scenario, Python side: the steps of ts/scenario.ts through the generated
Python client (sync or async), giving the same transcript (cache-state steps, which the
Python client has no cache for, aside)."""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any

from pydantic_core import to_jsonable_python

TS_ONLY = {"after update_profile", "user read back", "after rename_post"}


async def _v(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def _ctx(results: Any) -> dict[str, Any]:
    out = {}
    for name, outcome in vars(results).items():
        if outcome.ok:
            out[name] = {"ok": True, "result": to_jsonable_python(outcome.result, by_alias=True)}
        else:
            out[name] = {"ok": False, "code": outcome.error.code}
    return out


async def run(client: ModuleType, stale: ModuleType, base: str, *, asynchronous: bool,
              ) -> list[list[Any]]:
    cls = client.AsyncClient if asynchronous else client.Client
    models = client.__dict__
    transcript: list[list[Any]] = []
    made: list[Any] = []

    def make(module: ModuleType, user: str | None = None, url: str = base, **kw: Any) -> Any:
        c = (module.AsyncClient if asynchronous else module.Client)(
            url, headers={"Authorization": f"Bearer {user}"} if user else {}, **kw)
        made.append(c)
        return c

    async def step(label: str, run: Callable[[], Awaitable[Any] | Any],
                   convert: Callable[[Any], Any] = lambda r: to_jsonable_python(r, by_alias=True),
                   ) -> None:
        try:
            result = await _v(run())
        except client.MizanError as e:
            transcript.append([label, {"error": e.code, "status": e.status,
                                       "paths": [list(i.path) for i in e.issues]}])
        except stale.MizanError as e:
            transcript.append([label, {"error": e.code, "status": e.status, "paths": []}])
        else:
            transcript.append([label, {"result": convert(result)}])

    assert cls is not None
    root, alice, anon = make(client, "root"), make(client, "alice"), make(client)
    M = models  # models re-exported through client's imports
    try:
        await _v(root.update_profile(bio="start"))
        await step("fetch user", lambda: root.fetch_user(), _ctx)
        await step("fetch global", lambda: root.fetch_global(lang="ar"), _ctx)
        await step("update_profile", lambda: root.update_profile(bio="hello"))
        await step("fetch user again", lambda: root.fetch_user(theme="dark"), _ctx)
        await step("get_post", lambda: root.get_post(id=4))
        await step("list_posts", lambda: root.list_posts(status=M["Status"]("published"),
                                                         limit=3))
        await step("rename_post", lambda: root.rename_post(id=4, title="renamed"))
        await step("current_user", lambda: root.current_user())
        await step("site_info", lambda: root.site_info(lang="fr"))
        await step("admin_banner", lambda: root.admin_banner())
        await step("user_profile", lambda: root.user_profile())
        await step("user_settings", lambda: root.user_settings(theme="dark"))
        await step("echo", lambda: root.echo(text="ab", count=2, tags=["x", "ü"]))
        await step("create_post", lambda: root.create_post(title="New",
                                                           status=M["Status"]("published")))
        await step("purge", lambda: root.purge())
        await step("window", lambda: root.window(w=M["Window"].model_validate(
            {"from": 1, "to": 2})))
        await step("scalars", lambda: root.scalars(s=M["Scalars"].model_validate({
            "d": "2024-02-29", "dt": "2024-02-29T12:30:00Z",
            "u": "12345678-1234-5678-1234-567812345678", "dec": "3.14", "f": 2.5, "b": True,
            "j": {"k": [1, "two", None]}})))
        await step("contact", lambda: root.contact(c=M["Contact"].model_validate(
            {"address": "ada@example.com", "site": "https://example.com/"}),
            cc=["b@example.org"]))
        await step("tree", lambda: root.tree(root=M["Node"].model_validate(
            {"label": "a", "children": [{"label": "b", "children": []}]})))
        await step("sum_items", lambda: root.sum_items(items=[1, 2, 3]))
        await step("many_posts", lambda: root.many_posts(n=2))
        await step("slow_double", lambda: root.slow_double(n=21))
        await step("chat_send", lambda: root.chat_send(room="r", text="t"))
        await step("sign_up", lambda: root.sign_up(s=M["Signup"].model_validate(
            {"name": "n", "bio": None, "referrer": None}), code="c"))
        await step("boom", lambda: root.boom())
        await step("bad_return", lambda: root.bad_return())
        await step("invalid_args", lambda: root.call("list_posts",
                                                     {"status": "bogus", "limit": 0}))
        await step("invalid_args nested", lambda: root.call(
            "window", {"w": {"from": -1, "to": 2}}))
        await step("raised by the function", lambda: root.get_post(id=-1))
        await step("not_authenticated", lambda: anon.user_profile())
        await step("forbidden", lambda: alice.purge())
        await step("forbidden by predicate", lambda: alice.rename_post(id=3, title="x"))
        await step("unknown_function", lambda: root.call("no_such_function"))
        await step("unknown_context", lambda: root.fetch_context("no_such_context"))
        await step("transport_error",
                   lambda: make(client, url="http://127.0.0.1:9/api/mizan/").purge())
        strict = make(stale, on_ir_hash_mismatch="error")
        await step("ir_hash_mismatch error", lambda: strict.sum_items(items=[1]))
        lenient = make(stale)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            await step("ir_hash_mismatch warn", lambda: lenient.sum_items(items=[1]))
            await step("ir_hash_mismatch warn again", lambda: lenient.sum_items(items=[2]))
        transcript.append(["warnings", sum(issubclass(w.category, stale.IrHashWarning)
                                           for w in caught)])
    finally:
        for c in made:
            await _v(c.aclose() if asynchronous else c.close())
    return transcript
