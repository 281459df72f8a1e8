"""The realtime TypeScript client in a real headless Chromium, against live servers
(FastAPI, and Django ASGI through Channels, both under uvicorn) of the realtime test
app: two tabs in one chat room, one sends and the other receives; a mutation in one
tab is pushed to the other, whose `global` context refetches; a dropped socket comes
back and resumes after the last message it saw, missing none and repeating none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from tests.clients.tsbuild import workspace
from tests.servers import ServerSpec, run_servers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REALTIME = ROOT / "tests" / "realtime"
BACKENDS = {"fastapi": "realtime_fastapi:app", "django": "realtime_django:app"}


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def page_dir(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page built from the realtime app's IR (React bindings), type-checked with the
    project's strict tsconfig and bundled with esbuild."""
    sys.path.insert(0, str(REALTIME))
    try:
        from rt_app import registry
    finally:
        sys.path.remove(str(REALTIME))
    root = workspace(tmp_path_factory.mktemp("realtime-page"), node_modules)
    write_files(root / "api", generate_typescript(registry.export_ir(), "rt_app", react=True))
    shutil.copy(HERE / "realtime_page.ts", root / "page.ts")
    site = root / "site"
    site.mkdir()
    shutil.copy(HERE / "index.html", site / "index.html")
    bin_ = node_modules / ".bin"
    _run([str(bin_ / "tsc"), "-p", str(root), "--noEmit"], root)
    _run([str(bin_ / "esbuild"), str(root / "page.ts"), "--bundle", "--format=iife",
          "--target=es2022", f"--outfile={site / 'app.js'}",
          '--define:process.env.NODE_ENV="production"', "--log-level=warning"], root)
    return site


@pytest.fixture(scope="module")
def origins(page_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    env = {"PYTHONPATH": os.pathsep.join([str(HERE), str(REALTIME), str(ROOT)]),
           "MIZAN_PAGE_DIR": str(page_dir)}
    specs: dict[str, ServerSpec] = {name: ("uvicorn", target, env, HERE)
                                    for name, target in BACKENDS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("realtime-logs")) as urls:
        yield {name: url.removesuffix("api/mizan/") for name, url in urls.items()}


def _send(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.click("#send")


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_one_tab_sends_the_other_receives(origins: dict[str, str], open_page: Any,
                                          backend: str) -> None:
    room = f"send-{backend}"
    sam = open_page(f"{origins[backend]}?user=sam&room={room}")
    anon = open_page(f"{origins[backend]}?room={room}")
    for page in (sam, anon):
        expect(page.locator("#state")).to_have_text("open")
    _send(sam, "hello")
    expect(anon.locator("#messages")).to_have_text("sam: hello")
    expect(sam.locator("#messages")).to_have_text("sam: hello")
    _send(anon, "hi sam")
    expect(sam.locator("#messages")).to_have_text("sam: hello | anonymous: hi sam")
    expect(anon.locator("#messages")).to_have_text("sam: hello | anonymous: hi sam")
    expect(anon.locator("#gap")).to_have_text("false")


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_mutation_in_one_tab_refreshes_the_other(origins: dict[str, str], open_page: Any,
                                                   backend: str) -> None:
    sam = open_page(f"{origins[backend]}?user=sam&room=notice-{backend}")
    anon = open_page(f"{origins[backend]}?room=notice-{backend}")
    for page in (sam, anon):
        expect(page.locator("#state")).to_have_text("open")
    expect(anon.locator("#notice")).not_to_have_text("(loading)")
    text = f"maintenance at noon ({backend})"
    sam.fill("#notice-text", text)
    sam.click("#set-notice")
    expect(sam.locator("#outcome")).to_have_text("ok")
    expect(sam.locator("#notice")).to_have_text(text)
    expect(anon.locator("#notice")).to_have_text(text)  # pushed `global`, refetched
    # set_notice is a websocket function: with the socket open it went over it.
    expect(sam.locator("#http-calls")).to_have_text("0")


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
    room = f"resume-{backend}"
    sam = open_page(f"{origins[backend]}?user=sam&room={room}")
    anon = open_page(f"{origins[backend]}?room={room}")
    for page in (sam, anon):
        expect(page.locator("#state")).to_have_text("open")
    _send(sam, "one")
    expect(anon.locator("#messages")).to_have_text("sam: one")
    anon.evaluate("window.dropSocket()")
    expect(anon.locator("#state")).to_have_text("reconnecting")
    _send(sam, "two")
    expect(sam.locator("#messages")).to_have_text("sam: one | sam: two")
    _send(sam, "three")
    expect(sam.locator("#messages")).to_have_text("sam: one | sam: two | sam: three")
    expect(anon.locator("#messages")).to_have_text("sam: one")  # still away
    anon.evaluate("window.allowSocket()")
    expect(anon.locator("#state")).to_have_text("open")
    expect(anon.locator("#messages")).to_have_text("sam: one | sam: two | sam: three")
    expect(anon.locator("#gap")).to_have_text("false")
    _send(anon, "back")
    expect(sam.locator("#messages")).to_have_text(
        "sam: one | sam: two | sam: three | anonymous: back")
