"""`gen python --style async`: the interface, scaffold and wiring are `async def`, mypy
--strict accepts an async implementation and rejects a sync one, the startup check
names a method of the wrong style, and async methods are awaited on the event loop, so
8 concurrent 1 s naps take about 1 s under FastAPI and Django ASGI (and work under
Django WSGI)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.servers import run_servers

ROOT = Path(__file__).resolve().parents[2]
SPEC = Path(__file__).resolve().parent / "async_style"

GOOD = '''"""An async implementation."""

from __future__ import annotations

import asyncio

from mizan_spec.runtime import Call

from .api.interface import NapArgs
from .api.models import Nap


class Implementation:
    async def nap(self, call: Call, *, seconds: float) -> Nap:
        await asyncio.sleep(seconds)
        return Nap(slept=seconds)

    async def ping(self, call: Call) -> str:
        return "pong"

    async def awake(self, call: Call, args: NapArgs) -> bool:
        return True
'''

MAIN = '''"""The app."""

from __future__ import annotations

from fastapi import FastAPI

from .api import create_router
from .{impl} import Implementation

app = FastAPI()
app.include_router(create_router(Implementation()))
'''


def gen(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(SPEC),
                           "--backend", "fastapi", "--out", str(out), *extra],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def napapp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("async-style")
    app = root / "napapp"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    done = gen(app / "api", "--style", "async")
    assert done.returncode == 0, done.stderr
    (app / "good.py").write_text(GOOD, encoding="utf-8")
    (app / "bad.py").write_text(GOOD.replace("async def ping", "def ping"), encoding="utf-8")
    (app / "main.py").write_text(MAIN.format(impl="good"), encoding="utf-8")
    (app / "bad_main.py").write_text(MAIN.format(impl="bad"), encoding="utf-8")
    return root


def test_the_package_follows_the_style(napapp: Path) -> None:
    api = napapp / "napapp" / "api"
    interface = (api / "interface.py").read_text(encoding="utf-8")
    assert "    async def nap(\n        self,\n        call: Call[Request],\n" in interface
    assert "    async def awake(self, call: Call[Request], args: NapArgs) -> bool:" \
        in interface
    wiring = (api / "wiring.py").read_text(encoding="utf-8")
    assert "    async def ping(call: Call[Request]) -> str:\n        return await impl.ping(call)" \
        in wiring
    assert "(gen python --backend fastapi --style async)" in wiring
    scaffold = (api / "impl.py").read_text(encoding="utf-8")
    assert "    async def ping(self, call: Call[Request]) -> str:" in scaffold
    again = gen(api)  # no --style: a different package (sync); refuses nothing, rewrites
    assert again.returncode == 0
    assert "`nap` is `async def`, this package expects `def` (generated with --style sync)" \
        in again.stderr  # the scaffold kept its async methods
    assert gen(api, "--style", "async").returncode == 0


def test_mypy_accepts_async_and_rejects_sync(napapp: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "-p", "napapp"], cwd=napapp, capture_output=True, text=True,
                          timeout=300)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert errors, done.stdout
    assert all(line.startswith("napapp/bad_main.py") for line in errors), done.stdout
    assert "ping" in done.stdout


def test_startup_names_the_wrong_style(napapp: Path) -> None:
    code = ("from napapp.api import build_registry\n"
            "from napapp.bad import Implementation\n"
            "build_registry(Implementation())\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=napapp, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert "`ping` is `def`, this package expects `async def` (generated with --style " \
        "async)" in done.stderr


async def _naps(url: str, count: int) -> list[httpx.Response]:
    async with httpx.AsyncClient(timeout=30) as http:
        return await asyncio.gather(*(
            http.post(url + "call/", json={"function": "nap", "args": {"seconds": 1.0}})
            for _ in range(count)))


def test_async_methods_run_concurrently(napapp: Path, tmp_path: Path) -> None:
    env = {"PYTHONPATH": f"{napapp}:{ROOT}"}
    with run_servers({"fastapi": ("uvicorn", "napapp.main:app", env, napapp)},
                     tmp_path) as urls:
        start = time.monotonic()
        replies = asyncio.run(_naps(urls["fastapi"], 8))
        elapsed = time.monotonic() - start
    assert [r.json()["result"] for r in replies] == [{"slept": 1.0}] * 8
    assert elapsed < 2.0, elapsed


def test_the_config_key_chooses_the_style(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mizan-spec]\npython-style = "async"\n',
                                             encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(SPEC),
                           "--backend", "django", "--out", "api"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "    async def ping(self, call: Call[HttpRequest]) -> str:" in \
        (tmp_path / "api" / "interface.py").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.mizan-spec]\npython-style = "fast"\n',
                                             encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(SPEC),
                           "--backend", "django", "--out", "api"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert '[tool.mizan-spec].python-style must be "sync" or "async"' in done.stderr


DJANGO_FILES = {
    "settings.py": 'SECRET_KEY = "nap"\nALLOWED_HOSTS = ["127.0.0.1"]\n'
                   'INSTALLED_APPS: list[str] = []\nMIDDLEWARE: list[str] = []\n'
                   'ROOT_URLCONF = "napdj.urls"\nUSE_TZ = True\n',
    "urls.py": "from django.urls import include, path\n\nfrom .api import urls\n"
               "from .good import Implementation\n\n"
               'urlpatterns = [path("api/mizan/", include(urls(Implementation())))]\n',
    "asgi.py": "import os\n\nfrom django.core.asgi import get_asgi_application\n\n"
               'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "napdj.settings")\n'
               "application = get_asgi_application()\n",
    "wsgi.py": "import os\n\nfrom django.core.wsgi import get_wsgi_application\n\n"
               'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "napdj.settings")\n'
               "application = get_wsgi_application()\n",
}


def test_async_methods_overlap_under_django_asgi(tmp_path: Path) -> None:
    app = tmp_path / "napdj"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(SPEC),
                           "--backend", "django", "--style", "async", "--out",
                           str(app / "api")], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    (app / "good.py").write_text(GOOD, encoding="utf-8")
    for name, text in DJANGO_FILES.items():
        (app / name).write_text(text, encoding="utf-8")
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}"}
    servers = {"asgi": ("uvicorn", "napdj.asgi:application", env, tmp_path),
               "wsgi": ("gunicorn", "napdj.wsgi:application", env, tmp_path)}
    (tmp_path / "logs").mkdir()
    with run_servers(servers, tmp_path / "logs") as urls:
        start = time.monotonic()
        replies = asyncio.run(_naps(urls["asgi"], 8))
        elapsed = time.monotonic() - start
        wsgi = httpx.post(urls["wsgi"] + "call/",
                          json={"function": "nap", "args": {"seconds": 0.1}})
        pong = httpx.post(urls["wsgi"] + "call/", json={"function": "ping"})
    assert [r.json()["result"] for r in replies] == [{"slept": 1.0}] * 8
    assert elapsed < 2.0, elapsed
    assert wsgi.json()["result"] == {"slept": 0.1}
    assert pong.json()["result"] == "pong"
