"""The Svelte 5 bindings in a real browser: a page built from a client generated with
--svelte (recipes.mizan.kdl, bundled by vite), served with the protocol from one origin by a live
FastAPI app and a live Django app, driven by Playwright in the system's headless
Chromium. The scenario (scenario.py) is the one every front end passes, with identical
observable results: the DOM read before and after each kind of cache instruction,
errors, a sign-in whose token reaches the next call, and SSR hydration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.clients.browser import scenario
from tests.clients.browser.conftest import BACKENDS
from tests.clients.browser.pages import build_page


@pytest.fixture(scope="module")
def page_dir(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page: the generated client and the components in svelte/, type-checked by
    svelte-check and bundled (Svelte included) by vite into app.js beside index.html."""
    return build_page("svelte", tmp_path_factory.mktemp("svelte-page"), node_modules)


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_every_invalidation_and_merge_reaches_the_page(backend: str, origins: dict[str, str],
                                                        open_page: Any) -> None:
    scenario.every_invalidation_and_merge(open_page, origins[backend])


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_sign_in_sets_headers_for_the_next_call(backend: str, origins: dict[str, str],
                                                open_page: Any) -> None:
    scenario.sign_in_sets_headers_for_the_next_call(open_page, origins[backend])


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_global_context_hydrated_from_the_server(backend: str, origins: dict[str, str],
                                                 open_page: Any) -> None:
    scenario.global_context_hydrated(open_page, origins[backend])
