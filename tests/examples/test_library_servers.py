"""The library example over real HTTP: the generated FastAPI app (uvicorn) and the generated
Django app (uvicorn ASGI, gunicorn WSGI) run one scenario calling every function, with
every auth level allowed and refused, and answer it with byte-identical bodies.

FastAPI callers sign in with a bearer token; Django callers with a session (the
example's sign-in view), sending Django's CSRF token as `session/` reports it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.examples.conftest import FROZEN_NOW

TOKENS = {"ada": "ada-token", "ben": "ben-token", "sam": "sam-token", "root": "root-token"}

Step = tuple[str | None, str, str, dict[str, Any], int]
"""(who, "call" or "ctx", function or context, args, expected status)."""

NEW_BOOK = {"isbn": "9780141439518", "title": "Pride and Prejudice", "author_ids": [7],
            "genre": "fiction", "tags": ["classic"], "copies": 2}

SCENARIO: list[Step] = [
    (None, "ctx", "global", {}, 200),
    (None, "ctx", "global", {"limit": 2}, 200),
    (None, "ctx", "user", {}, 200),
    ("ada", "ctx", "user", {"include_returned": True}, 200),
    (None, "call", "search_books", {"query": "fantasy"}, 200),
    (None, "call", "search_books", {"genre": "fiction", "limit": 2}, 200),
    (None, "call", "search_books", {"genre": "opera"}, 422),
    (None, "call", "get_book", {"book_id": 3}, 200),
    (None, "call", "get_book", {"book_id": 99}, 422),
    (None, "call", "book_reviews", {"book_id": 1}, 200),
    (None, "call", "me", {}, 401),
    (None, "call", "borrow_book", {"book_id": 6}, 401),
    ("ada", "call", "borrow_book", {"book_id": 6}, 200),
    ("ada", "call", "borrow_book", {"book_id": 6}, 422),
    ("ada", "call", "my_loans", {"include_returned": True}, 200),
    ("ben", "call", "return_book", {"loan_id": 1}, 403),
    (None, "call", "return_book", {"loan_id": 1}, 401),
    ("ada", "call", "return_book", {"loan_id": 1}, 200),
    ("sam", "call", "return_book", {"loan_id": 3}, 200),
    ("ada", "call", "add_to_shelf", {"shelf": "favourites", "book_id": 1}, 200),
    ("ada", "call", "my_shelves", {}, 200),
    ("ada", "call", "post_review", {"book_id": 6, "text": "Made me look up.", "rating": 5}, 200),
    ("ben", "call", "post_review", {"book_id": 6, "text": "Same!", "reply_to": 4}, 200),
    ("ben", "call", "post_review", {"book_id": 6, "text": "x", "rating": 9}, 422),
    ("ada", "call", "add_book", {"book": NEW_BOOK}, 403),
    ("sam", "call", "add_book", {"book": NEW_BOOK}, 200),
    ("sam", "call", "update_book", {"book_id": 1, "copies": 4, "tags": ["fantasy"]}, 200),
    ("ada", "call", "update_book", {"book_id": 1, "copies": 4}, 403),
    ("sam", "call", "delete_review", {"review_id": 1}, 403),
    ("root", "call", "delete_review", {"review_id": 1}, 200),
    (None, "call", "book_reviews", {"book_id": 1}, 200),
    (None, "call", "book_reviews", {"book_id": 6}, 200),
    ("root", "call", "catalogue_stats", {}, 200),
    (None, "call", "featured_books", {"limit": 3}, 200),
    ("root", "call", "me", {}, 200),
]


class Caller:
    """Calls one server as any of the example's members."""

    def __init__(self, backend: str, base: str) -> None:
        self.backend, self.base = backend, base
        self.clients: dict[str | None, httpx.Client] = {}
        self.csrf: dict[str | None, dict[str, str]] = {}

    def client(self, who: str | None) -> httpx.Client:
        if who in self.clients:
            return self.clients[who]
        c = httpx.Client(base_url=self.base, timeout=30)
        self.csrf[who] = {}
        if who is not None and self.backend == "fastapi":
            c.headers["Authorization"] = f"Bearer {TOKENS[who]}"
        elif who is not None:
            site = self.base.removesuffix("api/mizan/")
            r = c.post(site + "accounts/sign-in/",
                       json={"username": who, "password": TOKENS[who]})
            assert r.status_code == 200, r.text
            csrf = c.get("session/").json()["csrf"]
            self.csrf[who] = {csrf["header"]: csrf["token"]}
        self.clients[who] = c
        return c

    def run(self, step: Step) -> httpx.Response:
        who, kind, name, args, _ = step
        c = self.client(who)
        if kind == "ctx":
            return c.get(f"ctx/{name}/", params={"args": json.dumps(args)})
        return c.post("call/", json={"function": name, "args": args}, headers=self.csrf[who])

    def close(self) -> None:
        for c in self.clients.values():
            c.close()


@pytest.fixture(scope="module")
def answers(library_servers: dict[str, str]) -> Iterator[dict[str, list[httpx.Response]]]:
    callers = {name: Caller(name.split("-")[0], url) for name, url in library_servers.items()}
    try:
        yield {name: [c.run(step) for step in SCENARIO] for name, c in callers.items()}
    finally:
        for c in callers.values():
            c.close()


def _ids() -> list[str]:
    return [f"{i:02d}-{who or 'anon'}-{name}-{status}"
            for i, (who, _, name, _, status) in enumerate(SCENARIO)]


@pytest.mark.parametrize("index", range(len(SCENARIO)), ids=_ids())
def test_step_identical_everywhere(answers: dict[str, list[httpx.Response]], index: int) -> None:
    expected = SCENARIO[index][4]
    first = answers["fastapi"][index]
    assert first.status_code == expected, first.text
    for name, responses in answers.items():
        r = responses[index]
        assert r.status_code == expected, (name, r.text)
        assert r.content == first.content, f"{name} differs from fastapi"
        assert r.headers["mizan-ir-hash"] == first.headers["mizan-ir-hash"]


def _body(answers: dict[str, list[httpx.Response]], who: str | None, name: str,
          nth: int = 0) -> Any:
    hits = [i for i, s in enumerate(SCENARIO) if s[0] == who and s[2] == name]
    return answers["fastapi"][hits[nth]].json()


def test_every_function_is_called(answers: dict[str, list[httpx.Response]]) -> None:
    from library.decorator_app import registry

    called = {s[2] for s in SCENARIO if s[1] == "call" and s[4] == 200}
    assert called == {e.name for e in registry.entries()}


def test_results(answers: dict[str, list[httpx.Response]]) -> None:
    front = _body(answers, None, "global")
    assert front["context"] == "global"
    assert front["results"]["catalogue_stats"]["result"]["titles"] == 8
    assert [b["id"] for b in front["results"]["featured_books"]["result"]] == [8, 7, 6, 5, 4]
    anon_user = _body(answers, None, "user")["results"]
    assert {r["error"]["code"] for r in anon_user.values()} == {"not_authenticated"}
    ada = _body(answers, "ada", "user")["results"]
    assert ada["me"]["result"] == {"id": "1", "username": "ada", "is_staff": False,
                                   "loans_allowed": 3}
    assert ada["my_loans"]["result"][0]["status"] == "overdue"
    assert ada["my_shelves"]["result"][0]["name"] == "to read"

    page = _body(answers, None, "search_books", 1)["result"]
    assert page["total"] == 4 and page["next_offset"] == 2 and len(page["books"]) == 2
    fantasy = [b["title"] for b in _body(answers, None, "search_books")["result"]["books"]]
    assert fantasy == ["A Wizard of Earthsea", "Good Omens", "The Tombs of Atuan"]
    assert _body(answers, None, "get_book", 1)["error"]["message"] == "there is no book 99"

    thread = _body(answers, None, "book_reviews")["result"]
    assert thread[0]["replies"][0]["replies"][0]["text"] == "Both right."

    loan = _body(answers, "ada", "borrow_book")
    assert loan["result"]["due"] == "2025-04-04" and loan["result"]["status"] == "active"
    assert loan["invalidate"] == {"contexts": ["global", "user"],
                                  "functions": ["get_book", "search_books"]}
    assert _body(answers, "ada", "return_book")["result"]["status"] == "returned"
    assert _body(answers, "ben", "return_book")["error"]["code"] == "forbidden"

    review = _body(answers, "ada", "post_review")["result"]
    assert review["posted"] == FROZEN_NOW.replace("+00:00", "Z") and review["replies"] == []

    updated = _body(answers, "sam", "update_book")
    assert updated["result"]["copies"] == 4 and updated["result"]["tags"] == ["fantasy"]
    assert updated["merge"] == [{"function": "get_book", "args": {"book_id": 1}}]
    assert _body(answers, "sam", "add_book")["result"]["id"] == 9
    assert _body(answers, "sam", "delete_review")["error"]["code"] == "forbidden"
    assert _body(answers, "root", "delete_review") == {
        "result": None, "invalidate": {"contexts": [], "functions": ["book_reviews"]},
        "merge": []}
    assert _body(answers, None, "book_reviews", 1)["result"] == []
    six = _body(answers, None, "book_reviews", 2)["result"]
    assert [r["reviewer"] for r in six] == ["ben", "ada"]
    assert six[0]["replies"][0]["text"] == "Same!"
    stats = _body(answers, "root", "catalogue_stats")["result"]
    assert stats["titles"] == 9 and stats["by_genre"]["fiction"] == 5
    assert _body(answers, "root", "me")["result"]["is_staff"] is True
