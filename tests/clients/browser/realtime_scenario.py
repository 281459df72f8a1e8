"""The realtime scenario every front end's page passes (React realtime_page.ts, Vue
realtime_vue/, Svelte realtime_svelte/), with identical observable results: two tabs
in one chat room, one sends and the other receives; a refused subscription shown; new
params subscribing again; a
mutation in one tab pushed to the other, whose `global` context refetches; leaving the
room closes the socket nothing else needs; a dropped socket comes back and resumes
after the last message it saw, missing none and repeating none."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

OpenPage = Callable[[str], Page]


def _send(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.click("#send")


def _open_pair(open_page: OpenPage, origin: str, room: str) -> tuple[Page, Page]:
    sam = open_page(f"{origin}?user=sam&room={room}")
    anon = open_page(f"{origin}?room={room}")
    for page in (sam, anon):
        expect(page.locator("#state")).to_have_text("open")
    return sam, anon


def one_tab_sends_the_other_receives(open_page: OpenPage, origin: str, room: str) -> None:
    sam, anon = _open_pair(open_page, origin, room)
    _send(sam, "hello")
    expect(anon.locator("#messages")).to_have_text("sam: hello")
    expect(sam.locator("#messages")).to_have_text("sam: hello")
    _send(anon, "hi sam")
    expect(sam.locator("#messages")).to_have_text("sam: hello | anonymous: hi sam")
    expect(anon.locator("#messages")).to_have_text("sam: hello | anonymous: hi sam")
    for page in (sam, anon):
        expect(page.locator("#outcome")).to_have_text("ok")
        expect(page.locator("#gap")).to_have_text("false")
        expect(page.locator("#error")).to_have_text("none")


def a_refused_subscription_is_shown(open_page: OpenPage, origin: str) -> None:
    """`staff-room` is for staff: sam (staff) joins it, alice (signed in, not staff) is
    refused (and, with nothing else needing it, her tab's socket closes), as is an
    anonymous tab (not signed in)."""
    sam = open_page(f"{origin}?user=sam&room=staff-room")
    expect(sam.locator("#state")).to_have_text("open")
    expect(sam.locator("#error")).to_have_text("none")
    alice = open_page(f"{origin}?user=alice&room=staff-room")
    expect(alice.locator("#error")).to_have_text("forbidden")
    expect(alice.locator("#state")).to_have_text("idle")
    expect(alice.locator("#socket")).to_have_text("idle")
    anon = open_page(f"{origin}?room=staff-room")
    expect(anon.locator("#error")).to_have_text("not_authenticated")
    _send(sam, "staff only")
    expect(sam.locator("#messages")).to_have_text("sam: staff only")
    for page in (alice, anon):
        expect(page.locator("#messages")).to_have_text("(none)")


def a_mutation_in_one_tab_refreshes_the_other(open_page: OpenPage, origin: str, room: str,
                                              text: str) -> None:
    sam, anon = _open_pair(open_page, origin, room)
    expect(anon.locator("#notice")).not_to_have_text("(loading)")
    sam.fill("#notice-text", text)
    sam.click("#set-notice")
    expect(sam.locator("#outcome")).to_have_text("ok")
    expect(sam.locator("#notice")).to_have_text(text)
    expect(anon.locator("#notice")).to_have_text(text)  # pushed `global`, refetched
    # set_notice is a websocket function: with the socket open it went over it.
    expect(sam.locator("#http-calls")).to_have_text("0")


def switching_rooms_subscribes_again(open_page: OpenPage, origin: str, room: str) -> None:
    """New params (state, a getter, a store) subscribe to the new group: the messages
    start again, the old room is no longer heard, sends go to the new room."""
    sam, anon = _open_pair(open_page, origin, room)
    other = open_page(f"{origin}?user=bob&room={room}-b")
    expect(other.locator("#state")).to_have_text("open")
    _send(sam, "in a")
    expect(anon.locator("#messages")).to_have_text("sam: in a")
    anon.fill("#room", f"{room}-b")
    anon.click("#switch")
    expect(anon.locator("#messages")).to_have_text("(none)")
    _send(other, "in b")
    expect(anon.locator("#messages")).to_have_text("bob: in b")
    _send(anon, "moved")
    expect(other.locator("#messages")).to_have_text("bob: in b | anonymous: moved")
    _send(sam, "a again")
    expect(sam.locator("#messages")).to_have_text("sam: in a | sam: a again")
    _send(other, "b again")  # anon hears b, and never heard "a again" before it
    expect(anon.locator("#messages")).to_have_text("bob: in b | anonymous: moved | bob: b again")
    expect(sam.locator("#messages")).to_have_text("sam: in a | sam: a again")


def leaving_the_room_closes_the_socket(open_page: OpenPage, origin: str, room: str) -> None:
    """The binding unsubscribes when its component goes (the last subscriber of a
    store); the other tab keeps receiving."""
    sam, anon = _open_pair(open_page, origin, room)
    expect(anon.locator("#socket")).to_have_text("open")
    anon.click("#leave")
    expect(anon.locator("#left")).to_have_text("left")
    expect(anon.locator("#socket")).to_have_text("idle")
    _send(sam, "still here")
    expect(sam.locator("#messages")).to_have_text("sam: still here")
    expect(sam.locator("#socket")).to_have_text("open")


def a_dropped_socket_resumes_without_loss(open_page: OpenPage, origin: str, room: str) -> None:
    sam, anon = _open_pair(open_page, origin, room)
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
