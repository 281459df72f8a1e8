"""The OpenAPI document of the library example, served live by FastAPI (`/openapi.json`,
what `/docs` shows) and by Django (`openapi_view`), validated with openapi-spec-validator
and equal to what `mizan-spec openapi` writes; then schemathesis, an outside test suite,
fuzzes each live server from that document: no 5xx, every status and body as documented.

`positive_data_acceptance` is left out: a schema-valid call the library refuses for its
own reasons (`update_book` of a book that does not exist) is `invalid_args`, as the
protocol says (§7), not an acceptance failure. The fuzzing is deterministic
(`--generation-deterministic`) and bounded (`-n`), so it fits in CI.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from tests.examples.conftest import LIBRARY, ROOT

EXAMPLES_PER_OPERATION = "15"


def generated() -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "mizan_spec", "openapi",
                           str(LIBRARY / "spec")], capture_output=True, text=True, timeout=60,
                          check=True, cwd=ROOT)
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def origin(url: str) -> str:
    return url.removesuffix("/api/mizan/")


def test_the_cli_document_is_valid_and_lists_every_function() -> None:
    document = generated()
    validate(document)
    call = document["paths"]["/api/mizan/call/"]["post"]
    variants = call["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert [v["$ref"].rsplit(".", 1)[1] for v in variants][:3] == \
        ["add_book", "add_to_shelf", "book_reviews"]
    assert sorted(call["responses"]) == ["200", "400", "401", "403", "404", "413", "415",
                                         "422", "500"]
    book = document["components"]["schemas"]["mizan.call.get_book"]
    assert book["description"] == "One book; `invalid_args` when there is no such book."
    assert set(document["paths"]) == {"/api/mizan/session/", "/api/mizan/call/",
                                      "/api/mizan/ctx/global/", "/api/mizan/ctx/user/"}


def test_live_documents_are_the_generated_one(library_servers: dict[str, str]) -> None:
    document = generated()
    for name, url in library_servers.items():
        served = httpx.get(origin(url) + "/openapi.json").json()
        validate(served)
        if name == "fastapi":  # the app's own document, with the protocol's operations
            assert {k: served["paths"][k] for k in document["paths"]} == document["paths"]
            schemas = served["components"]["schemas"]
            assert {k: schemas[k] for k in document["components"]["schemas"]} == \
                document["components"]["schemas"]
            docs = httpx.get(origin(url) + "/docs")
            assert docs.status_code == 200 and "swagger" in docs.text.lower()
        else:
            assert served == document, name


def _django_headers(url: str) -> list[str]:
    """A superuser's session cookie and CSRF header, checked to work."""
    with httpx.Client() as http:
        signed = http.post(origin(url) + "/accounts/sign-in/",
                           json={"username": "root", "password": "root-token"})
        assert signed.status_code == 200
        csrf = http.get(url + "session/").json()["csrf"]
        cookie = "; ".join(f"{k}={v}" for k, v in http.cookies.items())
        me = http.post(url + "call/", json={"function": "me"},
                       headers={csrf["header"]: csrf["token"]})
        assert me.json()["result"]["username"] == "root"
    return [f"Cookie: {cookie}", f"{csrf['header']}: {csrf['token']}"]


@pytest.mark.parametrize("server", ["fastapi", "django-asgi", "django-wsgi"])
def test_schemathesis_finds_nothing(server: str, library_servers: dict[str, str],
                                    tmp_path: Path) -> None:
    url = library_servers[server]
    headers = (["Authorization: Bearer root-token"] if server == "fastapi"
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
    assert {"session/", "call/", "ctx/global/", "ctx/user/"} <= ok  # real calls got through
    statuses = {e["response"]["status"] for e in entries}
    assert max(statuses) < 500
