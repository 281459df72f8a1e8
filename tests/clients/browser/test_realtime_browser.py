"""The realtime TypeScript client and its React channel hook in a real headless
Chromium, against live servers (FastAPI, and Django ASGI through Channels, both under
uvicorn) of the realtime test app: the scenario of realtime_scenario.py, which the Vue
and Svelte pages pass with the same observable results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
def test_a_dropped_socket_resumes_without_loss(origins: dict[str, str], open_page: Any,
                                               backend: str) -> None:
    scenario.a_dropped_socket_resumes_without_loss(open_page, origins[backend],
                                                   f"resume-{backend}")
