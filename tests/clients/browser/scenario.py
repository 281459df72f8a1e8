"""The one scenario every front end's page must pass with identical observable results
(the DOM after each step, and every request the client made, in order): render data,
each kind of cache instruction (a context member invalidated, a plain query
invalidated, a merge, a whole context invalidated), errors shown, a sign-in whose token
reaches the next call, and a `global` context hydrated from the server (SSR)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect


def requests_since(page: Page, start: int) -> list[str]:
    """What the client requested since the log held `start` entries, in order."""
    log: list[str] = page.evaluate("window.mizanRequests")
    return log[start:]


def wait_for_requests(page: Page, start: int, *entries: str) -> list[str]:
    """Wait until every entry is in the log since `start` (a refetch whose data equals
    what the page shows leaves no trace in the DOM), then return the log since `start`."""
    page.wait_for_function(
        "([start, entries]) => entries.every(e => window.mizanRequests.slice(start)"
        ".includes(e))", arg=[start, list(entries)])
    return requests_since(page, start)


def mark(page: Page) -> int:
    return len(page.evaluate("window.mizanRequests"))


def expect_recipe(page: Page, title: str, comments: str, count: int) -> None:
    """Both providers of the recipe context show it, and so does the plain query."""
    for slot in ("#main", "#side"):
        expect(page.locator(f"{slot} .title")).to_have_text(title)
        expect(page.locator(f"{slot} .comments")).to_have_text(comments)
        expect(page.locator(f"{slot} .count")).to_have_text(str(count))
    expect(page.locator("#plain-count")).to_have_text(str(count))


def act(page: Page, button: str, outcome: str, **fields: str) -> None:
    """Fill inputs, click, and wait for the mutation's outcome on the page."""
    done = int(page.text_content("#done") or "")
    for name, value in fields.items():
        page.fill(f"#{name}", value)
    page.click(f"#{button}")
    expect(page.locator("#done")).to_have_text(str(done + 1))
    expect(page.locator("#outcome")).to_have_text(outcome)


def every_invalidation_and_merge(open_page: Any, origin: str) -> None:
    page = open_page(f"{origin}?recipe=1&token=t-alice")
    expect(page.locator("#who")).to_have_text("alice")
    expect_recipe(page, "Bread", "sam: Lovely", 1)
    # The two providers share one fetch of the context.
    first = requests_since(page, 0)
    expect(page.locator("#done")).to_have_text("0")
    assert first.count("GET /api/mizan/ctx/recipe/") == 1, first
    assert first.count("GET /api/mizan/ctx/global/") == 1, first

    # An error changes nothing.
    start = mark(page)
    act(page, "comment", "invalid_args text", text="")
    expect_recipe(page, "Bread", "sam: Lovely", 1)
    assert requests_since(page, start) == ["POST add_comment Bearer t-alice"]

    # `affects list_comments comment_count`: a context member and a plain query go
    # stale; both providers and the query's hook show the new data (one context fetch).
    start = mark(page)
    act(page, "comment", "ok", text="Nice")
    expect_recipe(page, "Bread", "sam: Lovely | alice: Nice", 2)
    assert sorted(requests_since(page, start)) == [
        "GET /api/mizan/ctx/recipe/", "POST add_comment Bearer t-alice",
        "POST comment_count Bearer t-alice"]

    # `affects get_recipe` with a merge: the result shows at once, nothing is fetched.
    start = mark(page)
    act(page, "rename", "ok", **{"new-title": "Rye bread"})
    expect_recipe(page, "Rye bread", "sam: Lovely | alice: Nice", 2)
    assert requests_since(page, start) == ["POST rename_recipe Bearer t-alice"]

    # `affects recipe comment_count`: the whole context and the plain query.
    start = mark(page)
    act(page, "clear", "ok")
    expect_recipe(page, "Rye bread", "(none)", 0)
    assert sorted(requests_since(page, start)) == [
        "GET /api/mizan/ctx/recipe/", "POST clear_comments Bearer t-alice",
        "POST comment_count Bearer t-alice"]
    expect(page.locator("#who")).to_have_text("alice")  # the global context was not touched
    assert requests_since(page, 0).count("GET /api/mizan/ctx/global/") == 1


def sign_in_sets_headers_for_the_next_call(open_page: Any, origin: str) -> None:
    """The headers change after sign-in: the token goes with the next call, and what
    was fetched as nobody is fetched again as the user, the plain query included (its
    query hook, composable or store)."""
    page = open_page(f"{origin}?recipe=2")
    expect(page.locator("#who")).to_have_text("nobody")
    expect_recipe(page, "Soup", "(none)", 0)

    act(page, "comment", "not_authenticated", text="Hot")
    act(page, "sign-in", "forbidden", user="alice", password="wrong")
    expect(page.locator("#who")).to_have_text("nobody")

    start = mark(page)
    act(page, "sign-in", "ok", password="wonderland")
    expect(page.locator("#who")).to_have_text("alice")
    refetched = "POST comment_count Bearer t-alice"
    since = wait_for_requests(page, start, "GET /api/mizan/ctx/global/",
                              "GET /api/mizan/ctx/recipe/", refetched)
    assert since[0] == "POST sign_in -"
    expect_recipe(page, "Soup", "(none)", 0)
    # sign_in is not called again by itself; the query is fetched again as the new
    # caller, after the session is read again.
    since = requests_since(page, start)
    assert [r for r in since if r.startswith("POST")] == ["POST sign_in -", refetched], since
    assert since.index("GET /api/mizan/session/") < since.index(refetched), since

    start = mark(page)
    act(page, "comment", "ok", text="Hot")
    expect_recipe(page, "Soup", "alice: Hot", 1)
    # The session was read again as the new caller (by the query): the call carries the
    # token.
    assert requests_since(page, start)[0] == "POST add_comment Bearer t-alice"


def global_context_hydrated(open_page: Any, origin: str) -> None:
    """`?ssr=1`: the server fetched `ctx/global/` for the caller while making the page
    and embedded the answer; the client shows it without fetching it, and fetches it
    again only when it goes stale (a sign-in)."""
    page = open_page(f"{origin}?recipe=3&token=t-alice&ssr=1")
    expect(page.locator("#who")).to_have_text("alice")
    expect_recipe(page, "Salad", "(none)", 0)
    first = requests_since(page, 0)
    assert sorted(first) == ["GET /api/mizan/ctx/recipe/", "GET /api/mizan/session/",
                             "POST comment_count Bearer t-alice"], first

    page = open_page(f"{origin}?recipe=3&ssr=1")
    expect(page.locator("#who")).to_have_text("nobody")
    expect_recipe(page, "Salad", "(none)", 0)
    assert "GET /api/mizan/ctx/global/" not in requests_since(page, 0)
    start = mark(page)
    act(page, "sign-in", "ok", password="wonderland")
    expect(page.locator("#who")).to_have_text("alice")
    assert requests_since(page, start).count("GET /api/mizan/ctx/global/") == 1
