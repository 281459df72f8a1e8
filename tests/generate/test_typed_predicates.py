"""Auth predicates typed per function and run once per request.

A predicate receives the `TypedDict` of the function being called (the union of them,
for a predicate guarding several functions): mypy --strict accepts a correct predicate
and rejects a key that some guarded function lacks, or a misspelt one. A `ctx/` fetch of
three members guarded by one predicate, with the same arguments, runs it once (the
implementation counts), on FastAPI, Django ASGI and Django WSGI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.servers import run_servers

ROOT = Path(__file__).resolve().parents[2]
SPEC = Path(__file__).resolve().parent / "typed_predicates"

IMPL = '''"""An implementation counting how often its predicate runs."""

from __future__ import annotations

from mizan_spec.runtime import Call

from .api.interface import FirstBookArgs, OpenShelfArgs, SecondBookArgs, ThirdBookArgs


class Implementation:
    def __init__(self) -> None:
        self.calls = 0

    def first_book(self, call: Call, *, shelf: int) -> str:
        return f"first of {{shelf}}"

    def second_book(self, call: Call, *, shelf: int) -> str:
        return f"second of {{shelf}}"

    def third_book(self, call: Call, *, shelf: int) -> str:
        return f"third of {{shelf}}"

    def open_shelf(self, call: Call, *, shelf: int, note: str = "hello") -> int:
        return shelf

    def predicate_calls(self, call: Call) -> int:
        return self.calls

    def may_read(
        self, call: Call, args: FirstBookArgs | OpenShelfArgs | SecondBookArgs | ThirdBookArgs
    ) -> bool:
        self.calls += 1
        return {check}
'''

CHECKS = {
    "good": 'args["shelf"] % 2 == 0',
    "misspelt": 'args["shelff"] % 2 == 0',
    "not_everywhere": 'args["note"] == "hello"',  # only open_shelf has `note`
}

WIRED = '''"""Each implementation passed where the interface is expected."""

from __future__ import annotations

from .api import build_registry
from .good import Implementation as Good
from .misspelt import Implementation as Misspelt
from .not_everywhere import Implementation as NotEverywhere
from .untyped import Implementation as Untyped

build_registry(Good())
build_registry(Misspelt())
build_registry(NotEverywhere())
build_registry(Untyped())
'''

MAIN = '''"""The app."""

from __future__ import annotations

from fastapi import FastAPI

from .api import create_router
from .good import Implementation

app = FastAPI()
app.include_router(create_router(Implementation()))
'''

DJANGO_FILES = {
    "settings.py": 'SECRET_KEY = "desk"\nALLOWED_HOSTS = ["127.0.0.1"]\n'
                   'INSTALLED_APPS: list[str] = []\nMIDDLEWARE: list[str] = []\n'
                   'ROOT_URLCONF = "deskdj.urls"\nUSE_TZ = True\n',
    "urls.py": "from django.urls import include, path\n\nfrom .api import urls\n"
               "from .good import Implementation\n\n"
               'urlpatterns = [path("api/mizan/", include(urls(Implementation())))]\n',
    "asgi.py": "import os\n\nfrom django.core.asgi import get_asgi_application\n\n"
               'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deskdj.settings")\n'
               "application = get_asgi_application()\n",
    "wsgi.py": "import os\n\nfrom django.core.wsgi import get_wsgi_application\n\n"
               'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deskdj.settings")\n'
               "application = get_wsgi_application()\n",
}


def _package(root: Path, name: str, backend: str) -> Path:
    app = root / name
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(SPEC),
                           "--backend", backend, "--out", str(app / "api")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    (app / "good.py").write_text(IMPL.format(check=CHECKS["good"]), encoding="utf-8")
    return app


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("typed-predicates")
    desk = _package(root, "deskapp", "fastapi")
    for name, check in CHECKS.items():
        (desk / f"{name}.py").write_text(IMPL.format(check=check), encoding="utf-8")
    untyped = IMPL.format(check=CHECKS["good"]).replace(
        "args: FirstBookArgs | OpenShelfArgs | SecondBookArgs | ThirdBookArgs",
        "args: dict[str, int]")
    (desk / "untyped.py").write_text(untyped, encoding="utf-8")
    (desk / "wired.py").write_text(WIRED, encoding="utf-8")
    (desk / "main.py").write_text(MAIN, encoding="utf-8")
    dj = _package(root, "deskdj", "django")
    for name, text in DJANGO_FILES.items():
        (dj / name).write_text(text, encoding="utf-8")
    return root


def test_the_interface_types_each_predicate_per_function(apps: Path) -> None:
    interface = (apps / "deskapp" / "api" / "interface.py").read_text(encoding="utf-8")
    assert ('class OpenShelfArgs(TypedDict):\n    """The arguments of `open_shelf`, as its '
            'auth predicate receives them."""\n\n    shelf: int\n    note: str\n') in interface
    assert ("        args: FirstBookArgs | OpenShelfArgs | SecondBookArgs | ThirdBookArgs,\n"
            in interface)
    scaffold = (apps / "deskapp" / "api" / "impl.py").read_text(encoding="utf-8")
    assert ("from .interface import FirstBookArgs, OpenShelfArgs, SecondBookArgs, "
            "ThirdBookArgs\n") in scaffold


def test_mypy_accepts_a_correct_predicate_and_rejects_a_wrong_key(apps: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "-p", "deskapp"], cwd=apps, capture_output=True, text=True,
                          timeout=300)
    errors = sorted(line.split(": error: ")[0].split(":")[0] + ": " + line.split(": error: ")[1]
                    for line in done.stdout.splitlines() if ": error: " in line)
    text = "\n".join(errors)
    assert not any(e.startswith(("deskapp/good.py", "deskapp/main.py", "deskapp/api/"))
                   for e in errors), done.stdout
    assert 'deskapp/misspelt.py: TypedDict "FirstBookArgs" has no key "shelff"' in text, \
        done.stdout
    assert 'deskapp/not_everywhere.py: TypedDict "FirstBookArgs" has no key "note"' in text, \
        done.stdout
    assert not any(e.startswith("deskapp/not_everywhere.py") and "OpenShelfArgs" in e
                   for e in errors), done.stdout
    # an untyped `dict` is not what the interface passes: refused where it is wired
    untyped_line = WIRED.splitlines().index("build_registry(Untyped())") + 1
    wired = [line for line in done.stdout.splitlines()
             if line.startswith("deskapp/wired.py") and ": error: " in line]
    assert [line.split(":")[1] for line in wired] == [str(untyped_line)], done.stdout
    assert "args: dict[str, int]) -> bool" in done.stdout


def _fetch(base: str, shelf: int) -> dict[str, object]:
    reply = httpx.get(base + "ctx/desk/", params={"args": f'{{"shelf": {shelf}}}'},
                      timeout=30)
    assert reply.status_code == 200, reply.text
    results: dict[str, object] = reply.json()["results"]
    return results


def _calls(base: str) -> int:
    reply = httpx.post(base + "call/", json={"function": "predicate_calls"}, timeout=30)
    assert reply.status_code == 200, reply.text
    count: int = reply.json()["result"]
    return count


def test_a_context_fetch_asks_a_shared_predicate_once(apps: Path, tmp_path: Path) -> None:
    env = {"PYTHONPATH": f"{apps}:{ROOT}"}
    servers = {"fastapi": ("uvicorn", "deskapp.main:app", env, apps),
               "django-asgi": ("uvicorn", "deskdj.asgi:application", env, apps),
               "django-wsgi": ("gunicorn", "deskdj.wsgi:application", env, apps)}
    refused = {"error": {"code": "not_authenticated",  # an anonymous caller, refused
                         "message": "sign in to call this function", "issues": []}}
    with run_servers(servers, tmp_path) as urls:
        for name, base in urls.items():
            assert _calls(base) == 0, name
            assert _fetch(base, 2) == {"first_book": {"result": "first of 2"},
                                       "second_book": {"result": "second of 2"},
                                       "third_book": {"result": "third of 2"}}, name
            assert _calls(base) == 1, name  # three members, one verdict
            assert _fetch(base, 3) == {"first_book": refused, "second_book": refused,
                                       "third_book": refused}, name
            assert _calls(base) == 2, name
            opened = httpx.post(base + "call/", json={"function": "open_shelf",
                                                      "args": {"shelf": 4}}, timeout=30)
            assert opened.json()["result"] == 4, (name, opened.text)
            assert _calls(base) == 3, name  # a new request asks again


def test_gen_names_the_import_a_predicate_stub_needs(apps: Path) -> None:
    from mizan_spec.generate.python.impl_status import impl_status

    interface = (apps / "deskapp" / "api" / "interface.py").read_text(encoding="utf-8")
    status = impl_status(interface, "class Implementation:\n    pass\n")
    assert "from .interface import FirstBookArgs, OpenShelfArgs, SecondBookArgs, " \
        "ThirdBookArgs" in status.imports
    assert "may_read" in [p.name for p in status.problems]
