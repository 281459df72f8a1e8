"""The React bindings in a real browser: a page built from a client generated with
--react (recipes.mizan.kdl, bundled by esbuild), served with the protocol from one
origin by a live FastAPI app and a live Django app, driven by Playwright in the system's headless
Chromium. The scenario (scenario.py) is the one every front end passes, with identical
observable results: the DOM read before and after each kind of cache instruction,
errors, a sign-in whose token reaches the next call, and SSR hydration."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from mizan_spec.compile import compile_spec
from mizan_spec.ir.emit import emit_ir
from tests.clients.browser import scenario
from tests.clients.browser.conftest import BACKENDS, HERE
from tests.clients.browser.pages import SPEC, build_page


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
    bundled (React included) by esbuild into app.js beside index.html."""
    return build_page("react", tmp_path_factory.mktemp("react-page"), node_modules)


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
