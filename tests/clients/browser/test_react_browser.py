"""The React bindings in a real browser: a page built from a client generated with
--react (recipes.mizan.kdl, bundled by esbuild), served with the protocol from one
origin by a live FastAPI app and a live Django app, driven by Playwright in the system's
headless Chromium. The DOM is read before and after each kind of cache instruction:
a context member invalidated, a plain query invalidated, a merge, a whole context
invalidated, errors, and a sign-in whose token reaches the next call."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from tests.clients.tsbuild import generate, tsc, workspace
from tests.servers import ServerSpec, run_servers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SPEC = HERE / "recipes.mizan.kdl"
CHROMIUM = os.environ.get("MIZAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium phones home, which a closed network
# refuses; a fresh profile per run keeps runs independent.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
BACKENDS = {"fastapi": ("uvicorn", "recipes_fastapi:app"),
            "django": ("gunicorn", "recipes_django:wsgi_app")}
WAIT_MS = 10_000
expect.set_options(timeout=WAIT_MS)


def test_app_serves_the_spec() -> None:
    """recipes_app.py is the spec, decorator-first: the same IR, byte for byte."""
    sys.path.insert(0, str(HERE))
    try:
        from recipes_app import registry
    finally:
        sys.path.remove(str(HERE))
    result = compile_spec([SPEC])
    assert result.ir is not None, result.diagnostics
    assert registry.ir_text() == emit_ir(result.ir)


@pytest.fixture(scope="module")
def page_dir(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page: the generated client and page.ts, type-checked by tsc --strict and
    bundled (React included) into app.js beside index.html."""
    root = workspace(tmp_path_factory.mktemp("browser"), node_modules)
    ir = compile_spec([SPEC]).ir
    assert ir is not None
    generate(root, "api", ir, "recipes.mizan.kdl", react=True)
    shutil.copy(HERE / "page.ts", root / "page.ts")
    checked = tsc(root, "--noEmit")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    out = root / "site"
    out.mkdir()
    shutil.copy(HERE / "index.html", out / "index.html")
    bundled = subprocess.run(
        [str(node_modules / ".bin" / "esbuild"), str(root / "page.ts"), "--bundle",
         "--format=iife", "--target=es2022", f"--outfile={out / 'app.js'}",
         '--define:process.env.NODE_ENV="production"', "--log-level=warning"],
        capture_output=True, text=True, timeout=120)
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr
    return out


@pytest.fixture(scope="module")
def origins(page_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Backend name -> the origin serving the page and, under /api/mizan/, the protocol."""
    env = {"PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),
           "MIZAN_PAGE_DIR": str(page_dir)}
    specs: dict[str, ServerSpec] = {name: (kind, target, env, HERE)
                                    for name, (kind, target) in BACKENDS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("browser-logs")) as urls:
        yield {name: url.removesuffix("api/mizan/") for name, url in urls.items()}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """One headless Chromium for the module (the system's, not a download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed for the browser tests (looked for {CHROMIUM}; "
                    "`apt-get install chromium`, or set MIZAN_CHROMIUM)")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            headless=True, args=CHROMIUM_ARGS)
        context.set_default_timeout(WAIT_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def open_page(browser: BrowserContext) -> Iterator[Any]:
    pages: list[Page] = []
    errors: list[str] = []

    def open_(url: str) -> Page:
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        pages.append(page)
        page.goto(url)
        return page

    yield open_
    for page in pages:
        page.close()
    assert errors == []


def requests_since(page: Page, start: int) -> list[str]:
    """What the client requested since the log held `start` entries, in order."""
    log: list[str] = page.evaluate("window.mizanRequests")
    return log[start:]


def mark(page: Page) -> int:
    return len(page.evaluate("window.mizanRequests"))


def expect_recipe(page: Page, title: str, comments: str, count: int) -> None:
    """Both providers of the recipe context show it, and so does the plain query."""
    for slot in ("#main", "#side"):
        expect(page.locator(f"{slot} .title")).to_have_text(title)
        expect(page.locator(f"{slot} .comments")).to_have_text(comments)
        expect(page.locator(f"{slot} .count")).to_have_text(str(count))
    expect(page.locator("#plain-count")).to_have_text(str(count))


def act(page: Page, button: str, outcome: str, **fields: str) -> None:
    """Fill inputs, click, and wait for the mutation's outcome on the page."""
    done = int(page.text_content("#done") or "")
    for name, value in fields.items():
        page.fill(f"#{name}", value)
    page.click(f"#{button}")
    expect(page.locator("#done")).to_have_text(str(done + 1))
    expect(page.locator("#outcome")).to_have_text(outcome)


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_every_invalidation_and_merge_reaches_the_page(backend: str, origins: dict[str, str],
                                                        open_page: Any) -> None:
    page = open_page(f"{origins[backend]}?recipe=1&token=t-alice")
    expect(page.locator("#who")).to_have_text("alice")
    expect_recipe(page, "Bread", "sam: Lovely", 1)
    # The two providers share one fetch of the context.
    first = requests_since(page, 0)
    expect(page.locator("#done")).to_have_text("0")
    assert first.count("GET /api/mizan/ctx/recipe/") == 1, first
    assert first.count("GET /api/mizan/ctx/global/") == 1, first

    # An error changes nothing.
    start = mark(page)
    act(page, "comment", "invalid_args text", text="")
    expect_recipe(page, "Bread", "sam: Lovely", 1)
    assert requests_since(page, start) == ["POST add_comment Bearer t-alice"]

    # `affects list_comments comment_count`: a context member and a plain query go
    # stale; both providers and the query's hook show the new data (one context fetch).
    start = mark(page)
    act(page, "comment", "ok", text="Nice")
    expect_recipe(page, "Bread", "sam: Lovely | alice: Nice", 2)
    assert sorted(requests_since(page, start)) == [
        "GET /api/mizan/ctx/recipe/", "POST add_comment Bearer t-alice",
        "POST comment_count Bearer t-alice"]

    # `affects get_recipe` with a merge: the result shows at once, nothing is fetched.
    start = mark(page)
    act(page, "rename", "ok", **{"new-title": "Rye bread"})
    expect_recipe(page, "Rye bread", "sam: Lovely | alice: Nice", 2)
    assert requests_since(page, start) == ["POST rename_recipe Bearer t-alice"]

    # `affects recipe comment_count`: the whole context and the plain query.
    start = mark(page)
    act(page, "clear", "ok")
    expect_recipe(page, "Rye bread", "(none)", 0)
    assert sorted(requests_since(page, start)) == [
        "GET /api/mizan/ctx/recipe/", "POST clear_comments Bearer t-alice",
        "POST comment_count Bearer t-alice"]
    expect(page.locator("#who")).to_have_text("alice")  # the global context was not touched
    assert requests_since(page, 0).count("GET /api/mizan/ctx/global/") == 1


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_sign_in_sets_headers_for_the_next_call(backend: str, origins: dict[str, str],
                                                open_page: Any) -> None:
    """<MizanContext headers> changes after sign-in: the token goes with the next call,
    and what was fetched as nobody is fetched again as the user."""
    page = open_page(f"{origins[backend]}?recipe=2")
    expect(page.locator("#who")).to_have_text("nobody")
    expect_recipe(page, "Soup", "(none)", 0)

    act(page, "comment", "not_authenticated", text="Hot")
    act(page, "sign-in", "forbidden", user="alice", password="wrong")
    expect(page.locator("#who")).to_have_text("nobody")

    start = mark(page)
    act(page, "sign-in", "ok", password="wonderland")
    expect(page.locator("#who")).to_have_text("alice")
    assert requests_since(page, start)[0] == "POST sign_in -"
    assert "GET /api/mizan/ctx/global/" in requests_since(page, start)
    assert "GET /api/mizan/ctx/recipe/" in requests_since(page, start)
    expect_recipe(page, "Soup", "(none)", 0)
    # sign_in is not called again by itself; the query is fetched again as the new
    # caller, after the session is read again, with the token.
    since = requests_since(page, start)
    assert [r for r in since if r.startswith("POST")] == [
        "POST sign_in -", "POST comment_count Bearer t-alice"], since
    assert since.index("GET /api/mizan/session/") < since.index(
        "POST comment_count Bearer t-alice"), since

    start = mark(page)
    act(page, "comment", "ok", text="Hot")
    expect_recipe(page, "Soup", "alice: Hot", 1)
    # The call carries the token.
    assert requests_since(page, start)[0] == "POST add_comment Bearer t-alice"
