"""The notebook example (examples/notes): `async def` implementations on a real database,
SQLAlchemy's async engine (aiosqlite) under FastAPI with a per-request session from a
`yield` dependency, and Django's async ORM under Django ASGI and WSGI.

Without servers: the committed packages are what `gen python --style async` makes, both
apps export the spec's IR (Django's through `manage.py export_mizan_ir`), and mypy
--strict is clean. With servers, each with a fresh SQLite file: one scenario gives the
same answers on all three, and schemathesis fuzzes each from its OpenAPI document.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.examples.conftest import EXAMPLES, ROOT, python_path
from tests.examples.test_openapi import EXAMPLES_PER_OPERATION, origin
from tests.servers import ServerSpec, run_servers

NOTES = EXAMPLES / "notes"
MANAGE = NOTES / "django_app" / "manage.py"
PACKAGES = {"fastapi": NOTES / "fastapi_app" / "api", "django": NOTES / "django_app" / "api"}
SCAFFOLD = "impl.py"


def _cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "mizan_spec", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("backend", sorted(PACKAGES))
def test_committed_packages_are_what_gen_python_makes(backend: str, tmp_path: Path,
                                                      update_golden: bool) -> None:
    committed = PACKAGES[backend]
    if update_golden:
        (committed / ".mizan-stamp").unlink(missing_ok=True)
        _cli("gen", "python", str(NOTES / "spec"), "--backend", backend, "--style", "async",
             "--out", str(committed))
        return
    shutil.copytree(NOTES / "spec", tmp_path / "spec")
    fresh = tmp_path / committed.relative_to(NOTES)
    _cli("gen", "python", str(tmp_path / "spec"), "--backend", backend, "--style", "async",
         "--out", str(fresh))
    generated = sorted(p.name for p in fresh.iterdir() if p.name != SCAFFOLD)
    on_disk = sorted(p.name for p in committed.iterdir() if p.is_file() and p.name != SCAFFOLD)
    assert on_disk == generated, "generated file set differs (run pytest --update-golden)"
    for name in generated:
        assert (committed / name).read_bytes() == (fresh / name).read_bytes(), (
            f"{committed / name} is stale: run `uv run pytest tests/examples --update-golden`")


def _django_env(db: Path) -> dict[str, str]:
    return {**os.environ, "NOTES_DJANGO_DB": str(db), **python_path(EXAMPLES)}


def test_both_apps_export_the_specs_ir(tmp_path: Path) -> None:
    spec_ir = _cli("ir", str(NOTES / "spec"))
    code = ("from notes.fastapi_app.api import build_registry\n"
            "from notes.fastapi_app.api.impl import Implementation\n"
            "print(build_registry(Implementation()).ir_text(), end='')\n")
    fastapi = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=60, cwd=EXAMPLES, env={**os.environ, **python_path(EXAMPLES),
                                                            "NOTES_DB": str(tmp_path / "f.db")})
    assert fastapi.stdout == spec_ir, fastapi.stderr
    out = tmp_path / "django.ir.kdl"
    django = subprocess.run([sys.executable, str(MANAGE), "export_mizan_ir", "-o", str(out)],
                            capture_output=True, text=True, timeout=60,
                            env=_django_env(tmp_path / "d.sqlite3"))
    assert django.returncode == 0, django.stderr
    assert out.read_text(encoding="utf-8") == spec_ir
    check = subprocess.run([sys.executable, str(MANAGE), "check_mizan_ir", str(NOTES / "spec")],
                           capture_output=True, text=True, timeout=60,
                           env=_django_env(tmp_path / "d.sqlite3"))
    assert check.returncode == 0, check.stdout + check.stderr


def test_mypy_strict() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "notes"], cwd=EXAMPLES,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def notes_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The notebook served three ways, each on a database of its own."""
    root = tmp_path_factory.mktemp("notes")
    migrated = root / "django.sqlite3"
    for command in (["migrate", "-v0"], ["add_users"]):
        subprocess.run([sys.executable, str(MANAGE), *command], check=True, timeout=120,
                       env=_django_env(migrated), capture_output=True)
    specs: dict[str, ServerSpec] = {
        "fastapi": ("uvicorn", "notes.fastapi_app.main:app",
                    {"NOTES_DB": str(root / "fastapi.sqlite3"), **python_path(EXAMPLES)},
                    EXAMPLES)}
    for name, kind, target in (("django-asgi", "uvicorn", "notes.django_app.asgi:application"),
                               ("django-wsgi", "gunicorn", "notes.django_app.wsgi:application")):
        db = root / f"{name}.sqlite3"
        shutil.copyfile(migrated, db)
        specs[name] = (kind, target, {"NOTES_DJANGO_DB": str(db), **python_path(EXAMPLES)},
                       EXAMPLES)
    with run_servers(specs, root) as urls:
        yield urls


class Caller:
    """One signed-in user of one server: a bearer token (FastAPI) or a Django session
    with its CSRF header."""

    def __init__(self, server: str, base: str, name: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        self.headers: dict[str, str] = {}
        if server == "fastapi":
            self.headers = {"Authorization": f"Bearer {name}-token"}
        else:
            signed = self.http.post(origin(base) + "/accounts/sign-in/",
                                    json={"username": name, "password": f"{name}-pass"})
            assert signed.status_code == 200, signed.text
            csrf = self.http.get("session/").json()["csrf"]
            self.headers = {csrf["header"]: csrf["token"]}

    def call(self, function: str, **args: Any) -> Any:
        reply = self.http.post("call/", json={"function": function, "args": args},
                               headers=self.headers)
        return reply.status_code, _stable(reply.json())

    def board(self, include_done: bool = True) -> Any:
        reply = self.http.get("ctx/board/", params={"args": json.dumps(
            {"include_done": include_done})}, headers=self.headers)
        return reply.status_code, _stable(reply.json())


_CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\Z")


def _stable(value: Any) -> Any:
    """The answer with each note's `created` (the server's clock, UTC) checked and
    replaced by a mark."""
    if isinstance(value, dict):
        out = {k: _stable(v) for k, v in value.items()}
        if "created" in out and isinstance(value["created"], str):
            assert _CREATED.match(value["created"]), value["created"]
            out["created"] = "<utc>"
        return out
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _scenario(server: str, base: str) -> list[Any]:
    ada, ben = Caller(server, base, "ada"), Caller(server, base, "ben")
    anonymous = httpx.Client(base_url=base, timeout=30)
    steps = [
        ada.call("add_note", title="milk"),
        ada.call("add_note", title="letters", body="to Charles"),
        ben.call("add_note", title="gears"),
        ada.call("finish_note", note_id=1),
        ben.call("finish_note", note_id=2),  # ada's: refused by owns_note
        ada.call("finish_note", note_id=99),  # no such note: refused
        ada.board(),
        ada.board(include_done=False),
        ben.board(),
        ben.call("delete_note", note_id=1),
        ada.call("delete_note", note_id=1),
        ada.call("add_note", title=""),  # too short
        ada.call("finish_note", note_id=2**63),  # beyond any database id
        (lambda r: (r.status_code, r.json()))(anonymous.post(
            "call/", json={"function": "note_total"})),
        (lambda r: (r.status_code, r.json()))(anonymous.post(
            "call/", json={"function": "add_note", "args": {"title": "x"}})),
    ]
    return steps


def test_one_scenario_same_answers_everywhere(notes_servers: dict[str, str]) -> None:
    answers = {name: _scenario(name, base) for name, base in notes_servers.items()}
    assert answers["django-asgi"] == answers["fastapi"]
    assert answers["django-wsgi"] == answers["fastapi"]
    steps = answers["fastapi"]
    note = {"id": 1, "title": "milk", "body": "", "done": False, "created": "<utc>"}
    assert steps[0] == (200, {"result": note, "invalidate": {"contexts": ["board"],
                                                             "functions": []}, "merge": []})
    assert steps[3][1]["result"] == {**note, "done": True}
    forbidden = {"error": {"code": "forbidden", "message": "you may not call this function",
                           "issues": []}}
    assert steps[4] == (403, forbidden) and steps[5] == (403, forbidden)
    status, board = steps[6]
    assert status == 200
    assert [n["title"] for n in board["results"]["my_notes"]["result"]] == ["letters", "milk"]
    assert board["results"]["open_count"] == {"result": 1}
    assert [n["title"] for n in steps[7][1]["results"]["my_notes"]["result"]] == ["letters"]
    assert [n["title"] for n in steps[8][1]["results"]["my_notes"]["result"]] == ["gears"]
    assert steps[9] == (403, forbidden)
    assert steps[10][0] == 200 and steps[10][1]["result"] is None
    assert steps[11][0] == 422 and steps[11][1]["error"]["code"] == "invalid_args"
    assert steps[12][0] == 422 and steps[12][1]["error"]["issues"][0]["path"] == ["note_id"]
    assert steps[13][1]["result"] == 2
    assert steps[14][0] == 401


def _django_headers(url: str) -> list[str]:
    with httpx.Client() as http:
        signed = http.post(origin(url) + "/accounts/sign-in/",
                           json={"username": "ada", "password": "ada-pass"})
        assert signed.status_code == 200
        csrf = http.get(url + "session/").json()["csrf"]
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
    return [f"Cookie: {cookie}", f"{csrf['header']}: {csrf['token']}"]


@pytest.mark.parametrize("server", ["fastapi", "django-asgi", "django-wsgi"])
def test_schemathesis_finds_nothing(server: str, notes_servers: dict[str, str],
                                    tmp_path: Path) -> None:
    url = notes_servers[server]
    headers = (["Authorization: Bearer ada-token"] if server == "fastapi"
               else _django_headers(url))
    har = tmp_path / "run.har"
    done = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", origin(url) + "/openapi.json",
         "--checks", "all", "--exclude-checks", "positive_data_acceptance",
         "-n", EXAMPLES_PER_OPERATION, "--generation-deterministic", "--workers", "1",
         "--report", "har", "--report-har-path", str(har),
         *[x for h in headers for x in ("-H", h)]],
        capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-6000:]
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    ok = {e["request"]["url"].split("?")[0].removeprefix(url) for e in entries
          if e["response"]["status"] == 200}
    assert {"session/", "call/", "ctx/board/"} <= ok  # real calls got through
    assert max(e["response"]["status"] for e in entries) < 500
