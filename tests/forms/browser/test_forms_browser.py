"""A form in a real browser: a React page built on the generated `useSignupForm()`
(esbuild bundle, type-checked by tsc --strict), served with the protocol from one
origin by a live FastAPI app (pydantic) and a live Django app (Django forms), driven by
Playwright in the system's headless Chromium. The user types invalid values and sees
the client-side errors, corrects them, submits, sees the server refuse a taken email
on its field, changes it, submits and sees the result."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from mizan_spec.runtime import Registry
from tests.clients.browser.conftest import browser as browser  # the fixtures
from tests.clients.browser.conftest import open_page as open_page
from tests.clients.conftest import node_modules as node_modules
from tests.clients.tsbuild import workspace
from tests.servers import ServerSpec, run_servers

HERE = Path(__file__).resolve().parent
FORMS = HERE.parent
ROOT = HERE.parents[2]
BACKENDS = {"fastapi": ("uvicorn", "page_fastapi:app"),
            "django": ("gunicorn", "page_django:wsgi_app")}


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def page_dir(node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from forms_testapp import register
    root = workspace(tmp_path_factory.mktemp("forms-page"), node_modules)
    ir = register(Registry(), django=False).export_ir()
    write_files(root / "api", generate_typescript(ir, "forms_testapp.py", react=True))
    shutil.copy(HERE / "page.ts", root / "page.ts")
    site = root / "site"
    site.mkdir()
    shutil.copy(ROOT / "tests" / "clients" / "browser" / "index.html", site / "index.html")
    bin_ = node_modules / ".bin"
    _run([str(bin_ / "tsc"), "-p", str(root), "--noEmit"], root)
    _run([str(bin_ / "esbuild"), str(root / "page.ts"), "--bundle", "--format=iife",
          "--target=es2022", f"--outfile={site / 'app.js'}",
          '--define:process.env.NODE_ENV="production"', "--log-level=warning"], root)
    return site


@pytest.fixture(scope="module")
def origins(page_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    env = {"PYTHONPATH": os.pathsep.join([str(HERE), str(FORMS), str(ROOT)]),
           "MIZAN_PAGE_DIR": str(page_dir)}
    specs: dict[str, ServerSpec] = {name: (kind, target, env, HERE)
                                    for name, (kind, target) in BACKENDS.items()}
    with run_servers(specs, tmp_path_factory.mktemp("forms-browser-logs")) as urls:
        yield {name: url.removesuffix("api/mizan/") for name, url in urls.items()}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_sign_up_in_the_browser(backend: str, origins: dict[str, str], open_page: Any) -> None:
    page = open_page(origins[backend])
    error = {name: page.locator(f"#{name}-error") for name in ("username", "email", "password")}
    page.fill("#username", "A!")
    page.press("#username", "Tab")
    expect(error["username"]).to_have_text("must have at least 3 characters")
    page.fill("#email", "ada@")
    page.press("#email", "Tab")
    expect(error["email"]).to_have_text("must be an email address")
    expect(error["password"]).to_have_text("")  # not left yet
    page.click("#send")  # refused in the client: every field shows its error
    expect(error["password"]).to_have_text("is required")
    expect(page.locator("#result")).to_have_text("")

    page.fill("#username", "ABC")  # checked as typed once left
    expect(error["username"]).to_have_text("must match the pattern ^[a-z0-9_]+$")
    page.fill("#username", "  ada_l ")
    expect(error["username"]).to_have_text("")
    page.fill("#email", "taken@example.com")
    page.fill("#password", "correct horse")
    expect(error["email"]).to_have_text("")
    page.click("#send")  # the implementation refuses it
    expect(error["email"]).to_have_text("this email is already registered")
    expect(page.locator("#result")).to_have_text("")

    page.fill("#email", "ada@example.com")
    expect(error["email"]).to_have_text("")
    page.click("#send")
    expect(page.locator("#result")).to_have_text("created ada_l <ada@example.com>")
    assert [error[n].inner_text() for n in error] == ["", "", ""]
