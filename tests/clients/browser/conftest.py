"""Fixtures every real-browser test module shares (React, Vue, Svelte): the recipes
app served by a live FastAPI app and a live Django app (page and protocol from one
origin), one headless Chromium per module (the system's), and pages that fail the test
on any uncaught script error or error logged to the console. A module provides
`page_dir`: its built page."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from tests.servers import ServerSpec, run_servers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
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


@pytest.fixture(scope="module")
def origins(page_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Backend name -> the origin serving the page and, under /api/mizan/, the protocol.
    Fresh servers per module: each front end starts from the same data."""
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
        # Frameworks report errors they catch (a failing setup) on the console; an
        # error answer of the protocol only makes Chromium log "Failed to load resource".
        page.on("console", lambda m: errors.append(m.text) if m.type == "error"
                and not m.text.startswith("Failed to load resource") else None)
        pages.append(page)
        page.goto(url)
        return page

    yield open_
    for page in pages:
        page.close()
    assert errors == []
