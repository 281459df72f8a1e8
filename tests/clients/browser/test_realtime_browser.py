"""The realtime TypeScript client and its React channel hook in a real headless
Chromium, against live servers (FastAPI, and Django ASGI through Channels, both under
uvicorn) of the realtime test app: the scenario of realtime_scenario.py, which the Vue
and Svelte pages pass with the same observable results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.clients.browser import realtime_scenario as scenario
from tests.clients.browser.realtime_pages import BACKENDS, build_realtime_page, realtime_origins

FRONT_END = "react"


@pytest.fixture(scope="module")
def page_dir(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page built from the realtime app's IR (React bindings), type-checked with the
    project's strict tsconfig and bundled with esbuild."""
    return build_realtime_page(FRONT_END, tmp_path_factory.mktemp("realtime-page"), node_modules)


@pytest.fixture(scope="module")
def origins(page_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with realtime_origins(page_dir, tmp_path_factory.mktemp("realtime-logs")) as urls:
        yield urls


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_one_tab_sends_the_other_receives(origins: dict[str, str], open_page: Any,
                                          backend: str) -> None:
    scenario.one_tab_sends_the_other_receives(open_page, origins[backend], f"send-{backend}")


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_refused_subscription_is_shown(origins: dict[str, str], open_page: Any,
                                         backend: str) -> None:
    scenario.a_refused_subscription_is_shown(open_page, origins[backend])


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_mutation_in_one_tab_refreshes_the_other(origins: dict[str, str], open_page: Any,
                                                   backend: str) -> None:
    scenario.a_mutation_in_one_tab_refreshes_the_other(
        open_page, origins[backend], f"notice-{backend}", f"maintenance at noon ({backend})")


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_switching_rooms_subscribes_again(origins: dict[str, str], open_page: Any,
                                          backend: str) -> None:
    scenario.switching_rooms_subscribes_again(open_page, origins[backend], f"switch-{backend}")


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_leaving_the_room_closes_the_socket(origins: dict[str, str], open_page: Any,
                                            backend: str) -> None:
    scenario.leaving_the_room_closes_the_socket(open_page, origins[backend], f"leave-{backend}")


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_tabs_own_http_mutation_is_not_pushed_back_to_it(origins: dict[str, str],
                                                           open_page: Any,
                                                           backend: str) -> None:
    sam = open_page(f"{origins[backend]}?user=sam&room=own-{backend}")
    anon = open_page(f"{origins[backend]}?room=own-{backend}")
    for page in (sam, anon):
        expect(page.locator("#state")).to_have_text("open")
        expect(page.locator("#notice")).not_to_have_text("(loading)")
        expect(page.locator("#ctx-fetches")).to_have_text("1")
    text = f"posted over call/ ({backend})"
    sam.fill("#notice-text", text)
    sam.click("#post-notice")  # not a websocket function: over call/
    expect(sam.locator("#outcome")).to_have_text("ok")
    expect(sam.locator("#http-calls")).to_have_text("1")
    expect(sam.locator("#notice")).to_have_text(text)  # from the reply's invalidation
    expect(anon.locator("#notice")).to_have_text(text)  # pushed to the other tab
    # then a mutation from elsewhere, pushed to both tabs: had sam's own socket been
    # sent its invalidation, that frame would have come before this one
    marker = f"from elsewhere ({backend})"
    r = httpx.post(origins[backend] + "api/mizan/call/", headers={"Authorization": "Bearer sam"},
                   json={"function": "post_notice", "args": {"text": marker}})
    assert r.status_code == 200
    for page in (sam, anon):
        expect(page.locator("#notice")).to_have_text(marker)
    expect(anon.locator("#invalidations")).to_have_text("2")
    expect(sam.locator("#invalidations")).to_have_text("1")  # only the marker's
    expect(sam.locator("#ctx-fetches")).to_have_text("3")  # load, own mutation, marker


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_dropped_socket_resumes_without_loss(origins: dict[str, str], open_page: Any,
                                               backend: str) -> None:
    scenario.a_dropped_socket_resumes_without_loss(open_page, origins[backend],
                                                   f"resume-{backend}")
