"""Wire parity: FastAPI, Django ASGI and Django WSGI answer every probe identically.

Same status, byte-identical body, same protocol headers. Headers that may differ are
the servers' own: date, server, connection, keep-alive, transfer-encoding,
content-length framing (the body bytes are compared instead).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from probes import PROBES, RAW_PROBES, Probe, RawProbe
from rawhttp import RawResponse, exchange

PROTOCOL_HEADERS = ("content-type", "cache-control", "mizan-ir-hash", "allow", "x-route")


@pytest.fixture(scope="module")
def clients(servers: dict[str, str]) -> Iterator[dict[str, httpx.Client]]:
    made = {name: httpx.Client(base_url=url, timeout=30) for name, url in servers.items()}
    yield made
    for c in made.values():
        c.close()


def _send(client: httpx.Client, probe: Probe) -> httpx.Response:
    _, method, path, options, _ = probe
    return client.request(method, path, **options)


@pytest.mark.parametrize("probe", PROBES, ids=[p[0] for p in PROBES])
def test_probe_is_identical(clients: dict[str, httpx.Client], probe: Probe) -> None:
    answers = {name: _send(c, probe) for name, c in clients.items()}
    first_name, first = next(iter(answers.items()))
    assert first.status_code == probe[4], first.content[:500]
    for name, r in answers.items():
        assert r.status_code == first.status_code, name
        assert r.content == first.content, f"{name} differs from {first_name}"
        for h in PROTOCOL_HEADERS:
            assert r.headers.get(h) == first.headers.get(h), (name, h)
    if first.headers["content-type"].startswith("text/plain"):  # a route function's own
        assert first.status_code < 300 and first.headers["x-route"]
        return
    body: Any = json.loads(first.content)
    if first.status_code >= 400:
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "issues"}
    assert first.headers["content-type"] == "application/json"
    assert len(first.headers["mizan-ir-hash"]) == 64


@pytest.mark.parametrize("probe", RAW_PROBES, ids=[p[0] for p in RAW_PROBES])
def test_raw_probe_is_identical(servers: dict[str, str], probe: RawProbe) -> None:
    """Requests httpx will not send, over a socket: the same answer from every backend
    whose HTTP server lets the request through; an answer given before the body was
    read to its end closes the connection (`Connection: close`)."""
    _, method, path, headers, body, status, refused_by_server = probe
    answers: dict[str, RawResponse] = {}
    cut_short = status == 413 or any(v == "1073741824" for _, v in headers)
    for name, url in servers.items():
        r = exchange(url, method, path, headers, body,
                     watch_close=cut_short or name in refused_by_server)
        if name in refused_by_server:  # the HTTP server's own answer (§1.4)
            assert r.status == 400 and r.closed, name
            assert r.header("mizan-ir-hash") is None, name
        else:
            answers[name] = r
    first_name, first = next(iter(answers.items()))
    assert first.status == status, first.body[:500]
    for name, r in answers.items():
        assert r.status == first.status, name
        assert r.body == first.body, f"{name} differs from {first_name}"
        for h in PROTOCOL_HEADERS:
            assert r.header(h) == first.header(h), (name, h)
        assert r.seconds < 5, name
        if cut_short:
            assert (r.header("connection") or "").lower() == "close", name
            assert r.closed, name
        else:
            assert (r.header("connection") or "").lower() != "close", name


def test_probe_count() -> None:
    assert len(PROBES) >= 25


def test_failures_are_logged_not_sent(servers: dict[str, str], server_logs: Path) -> None:
    for name, url in servers.items():
        failures = [
            httpx.post(url + "call/", json={"function": "boom"}),
            httpx.get(url + "files/12345678-1234-5678-1234-567812345678/boom"),
            httpx.get(url + "files/12345678-1234-5678-1234-567812345678/not-a-response"),
            httpx.get(url + "session/", headers={"Authorization": "Bearer explode"}),
        ]
        for r in failures:
            assert r.status_code == 500
            assert b"hunter2" not in r.content and b"Traceback" not in r.content
        log = (server_logs / f"{name}.log").read_text()
        assert "hunter2" in log and "server function 'boom' raised" in log, name
        assert "server function 'file_page' raised" in log, name
        assert "route function 'file_page' returned dict" in log, name
        assert "token store password is hunter2" in log, name


def test_route_bodies(servers: dict[str, str]) -> None:
    for url in servers.values():
        r = httpx.get(url + "profile/0007/", params={"tab": "likes ✓"},
                      headers={"Authorization": "Bearer sam"})
        assert r.text == "profile 7 (likes ✓) seen by sam ✓"
        r = httpx.patch(url + "posts/5/edit/", headers={"Authorization": "Bearer sam"})
        assert r.text == "editing 5 via PATCH"
        r = httpx.get(url + "files/12345678-1234-5678-1234-567812345678/a/b%20c.txt")
        assert r.text == "12345678-1234-5678-1234-567812345678 a/b c.txt None"


def test_fastapi_auth_refusal_is_the_envelope(servers: dict[str, str]) -> None:
    """FastAPI only: a dependency raising HTTPException(401) refuses every endpoint."""
    r = httpx.get(servers["fastapi"] + "session/", headers={"Authorization": "Bearer expired"})
    assert r.status_code == 401 and r.headers["mizan-ir-hash"]
    assert r.json() == {"error": {"code": "not_authenticated",
                                  "message": "sign in to call this function", "issues": []}}


REVALIDATED = [p for p in PROBES if p[4] == 200 and p[1] == "GET" and p[2].startswith("ctx/")] + [
    ("call cached", "POST", "call/", {"json": {"function": "sum_items", "args": {"items": [1, 2]}}},
     200)]


@pytest.mark.parametrize("probe", REVALIDATED, ids=[p[0] for p in REVALIDATED])
def test_revalidation_is_identical(clients: dict[str, httpx.Client], probe: Probe) -> None:
    """ctx/ replies and cached call/ results carry the same strong ETag on every backend;
    sending it back in If-None-Match gets 304 with no body, and the same headers."""
    _, method, path, options, _ = probe
    full = {name: _send(c, probe) for name, c in clients.items()}
    tags = {r.headers.get("etag") for r in full.values()}
    assert len(tags) == 1 and None not in tags, tags
    tag = tags.pop()
    assert tag is not None and tag.startswith('"') and not tag.startswith("W/")
    # sum_items is public and in no context: shared; both contexts have per-caller members
    control = "no-cache" if path == "call/" else "private, no-cache"
    assert all(r.headers["cache-control"] == control for r in full.values())
    headers = {**options.get("headers", {}), "If-None-Match": f'"other", {tag}'}
    again = {name: c.request(method, path, **{**options, "headers": headers})
             for name, c in clients.items()}
    first = next(iter(again.values()))
    for name, r in again.items():
        assert r.status_code == 304, (name, r.content[:300])
        assert r.content == b"", name
        assert r.headers.get("etag") == tag, name
        for h in ("cache-control", "mizan-ir-hash"):
            assert r.headers.get(h) == first.headers.get(h), (name, h)
    stale = {"If-None-Match": '"0123"', **options.get("headers", {})}
    for name, c in clients.items():
        r = c.request(method, path, **{**options, "headers": stale})
        assert r.status_code == 200 and r.content == full[name].content, name
