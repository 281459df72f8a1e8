"""The forms example (examples/contact): a contact form and a sign-up form from one spec,
validated by pydantic under FastAPI and by the generated Django forms under Django ASGI
and WSGI.

Without servers: the committed packages are what `gen python` makes, and both apps pass
mypy --strict. With servers: one scenario (schema, partial validation, a valid
submission, the implementation's "already registered") answers the same bytes on all
three, and the generated Python client speaks to each.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.examples.conftest import EXAMPLES, ROOT, python_path
from tests.servers import ServerSpec, run_servers

CONTACT = EXAMPLES / "contact"
PACKAGES = {"fastapi": CONTACT / "fastapi_app" / "api", "django": CONTACT / "django_app" / "api"}
SCAFFOLD = "impl.py"


def _gen(spec: Path, backend: str, out: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(spec),
                           "--backend", backend, "--out", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("backend", sorted(PACKAGES))
def test_committed_packages_are_what_gen_python_makes(backend: str, tmp_path: Path,
                                                      update_golden: bool) -> None:
    committed = PACKAGES[backend]
    if update_golden:
        (committed / ".mizan-stamp").unlink(missing_ok=True)
        _gen(CONTACT / "spec", backend, committed)
        return
    shutil.copytree(CONTACT / "spec", tmp_path / "spec")
    fresh = tmp_path / committed.relative_to(CONTACT)
    _gen(tmp_path / "spec", backend, fresh)
    generated = sorted(p.name for p in fresh.iterdir() if p.name != SCAFFOLD)
    on_disk = sorted(p.name for p in committed.iterdir() if p.is_file() and p.name != SCAFFOLD)
    assert on_disk == generated, "generated file set differs (run pytest --update-golden)"
    for name in generated:
        assert (committed / name).read_bytes() == (fresh / name).read_bytes(), (
            f"{committed / name} is stale: run `uv run pytest tests/examples --update-golden`")


def test_the_example_passes_mypy_strict() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "."],
                          capture_output=True, text=True, timeout=300, cwd=CONTACT)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    env = python_path(EXAMPLES)
    specs: dict[str, ServerSpec] = {
        "fastapi": ("uvicorn", "contact.fastapi_app.main:app", env, EXAMPLES),
        "django-asgi": ("uvicorn", "contact.django_app.asgi:application", env, EXAMPLES),
        "django-wsgi": ("gunicorn", "contact.django_app.wsgi:application", env, EXAMPLES)}
    with run_servers(specs, tmp_path_factory.mktemp("contact-logs")) as urls:
        yield urls


GOOD_CONTACT = {"name": "Ada", "email": "ada@example.com", "topic": "bug",
                "message": "The page forgets what I typed."}
SCENARIO: list[tuple[str, Any, int]] = [
    ("contact.schema", {}, 200),
    ("contact.validate", {"name": "A", "email": "not an address", "website": "ftp://x"}, 200),
    ("contact.validate", {"topic": "praise", "message": "short"}, 200),
    ("contact.submit", {"email": "ada@example.com"}, 422),
    ("contact.submit", GOOD_CONTACT, 200),
    ("contact.submit", {**GOOD_CONTACT, "website": "https://example.com/me"}, 200),
    ("signup.schema", {}, 200),
    ("signup.validate", {"username": "Ada!", "password": "short", "terms": False}, 200),
    ("signup.submit", {"username": "ada", "email": "ada@example.com",
                       "password": "correct horse", "terms": True}, 422),
    ("signup.submit", {"username": "ben", "email": "ben@example.com",
                       "password": "correct horse", "terms": True}, 200),
    ("signup.submit", {"username": "benjamin", "email": "Ben@example.com",
                       "password": "correct horse", "terms": True}, 422),
]


def test_one_scenario_answers_the_same_bytes_on_every_backend(
        servers: dict[str, str]) -> None:
    replies: dict[str, list[tuple[int, bytes]]] = {}
    for name, url in servers.items():
        replies[name] = []
        for function, args, status in SCENARIO:
            r = httpx.post(url + "call/", json={"function": function, "args": args},
                           timeout=30)
            assert r.status_code == status, (name, function, r.text)
            replies[name].append((r.status_code, r.content))
    first = replies["fastapi"]
    for name, got in replies.items():
        for (function, _, _), a, b in zip(SCENARIO, first, got, strict=True):
            assert a == b, (name, function)
    taken = json.loads(first[8][1])
    assert taken["error"]["issues"] == [{"path": ["email"], "code": "already_registered",
                                         "message": "this email is already registered"}]
    assert json.loads(first[4][1])["result"] == {"reply_to": "ada@example.com",
                                                          "topic": "bug"}
    schema = json.loads(first[0][1])["result"]
    topic = next(f for f in schema["fields"] if f["name"] == "topic")
    assert topic["choices"][1] == {"value": "bug", "label": "A bug report"}


def test_the_generated_client_submits_and_reads_field_errors(
        servers: dict[str, str]) -> None:
    client_module = importlib.import_module("contact.fastapi_app.api.client")
    for url in servers.values():
        with client_module.Client(url) as client:
            check = client.signup_validate(username="x")
            assert check["valid"] is False
            assert [i["path"] for i in check["issues"]] == [["username"]]
            with pytest.raises(client_module.InvalidArgs) as refused:
                client.signup_submit(username="ada", email="ada@example.com",
                                     password="correct horse", terms=True)
            assert refused.value.issues[0].code == "already_registered"
            receipt = client.contact_submit(**GOOD_CONTACT)
            assert receipt.topic == "bug" and receipt.reply_to == "ada@example.com"


def test_openapi_lists_the_forms_functions_with_their_args_and_replies(
        servers: dict[str, str]) -> None:
    from jsonschema import Draft202012Validator
    from openapi_spec_validator import validate

    from mizan_spec.compile import compile_spec
    from mizan_spec.openapi.document import openapi_document

    ir = compile_spec([CONTACT / "spec"]).ir
    assert ir is not None
    document = openapi_document(ir)
    validate(document)
    body = document["paths"]["/api/mizan/call/"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    assert sorted(body["discriminator"]["mapping"]) == [
        "contact.schema", "contact.submit", "contact.validate",
        "signup.schema", "signup.submit", "signup.validate"]
    schemas = document["components"]["schemas"]

    def check(name: str, value: Any) -> None:
        root = {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}
        Draft202012Validator(root).validate(value)

    statuses = set()
    for function, args, _ in SCENARIO:  # the servers keep the accounts of earlier tests
        check(f"mizan.call.{function}", {"function": function, "args": args})
        r = httpx.post(servers["fastapi"] + "call/", json={"function": function, "args": args},
                       timeout=30)
        statuses.add(r.status_code)
        check(f"mizan.reply.{function}" if r.status_code == 200
              else f"mizan.Error.{r.status_code}", r.json())
    assert statuses == {200, 422}
