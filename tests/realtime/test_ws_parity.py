"""WebSocket wire parity: every scripted probe gets the same frames from FastAPI and
Django (Channels), both under uvicorn; and what the frames say is checked too."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.realtime.ws_probes import PROBES, call_bytes, run_all


@pytest.fixture(scope="module")
def results(rt_servers: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    return {name: asyncio.run(run_all(base)) for name, base in rt_servers.items()}


def frames(results: dict[str, dict[str, list[str]]], probe: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for text in results["fastapi"][probe]:
        try:
            out.append(json.loads(text.replace('":S+', '":').replace('":S-', '":-')))
        except ValueError:
            out.append({"text": text})
    return out


def test_there_are_enough_probes() -> None:
    assert len(PROBES) >= 15


@pytest.mark.parametrize("probe", list(PROBES))
def test_both_backends_send_the_same_frames(results: dict[str, dict[str, list[str]]],
                                            probe: str) -> None:
    assert results["django"][probe] == results["fastapi"][probe]


def codes(fs: list[dict[str, Any]]) -> list[Any]:
    return [f.get("error", f.get("body", {}).get("error", {})).get("code", f["type"])
            if "type" in f else f for f in fs]


def test_what_the_frames_say(results: dict[str, dict[str, list[str]]]) -> None:
    assert codes(frames(results, "malformed_json")) == ["malformed_json"] * 3
    assert codes(frames(results, "not_an_object")) == ["invalid_request"] * 5
    assert codes(frames(results, "unknown_frame_type")) == ["unknown_frame_type"] * 2
    assert codes(frames(results, "oversized_frame")) == ["frame_too_large", "pong"]
    bad = frames(results, "bad_members")
    assert [f["id"] for f in bad] == [None, None, 1, None, None]
    assert [i["path"] for i in bad[0]["error"]["issues"]] == [["x"], ["id"], ["function"],
                                                             ["args"]]
    assert codes(frames(results, "calls")) == [
        "reply", "invalid_args", "invalid_args", "unknown_function", "unknown_function",
        "internal_error", "forbidden", "not_authenticated", "malformed_json"]
    assert codes(frames(results, "denied_subscribe")) == [  # anonymous, anonymous, alice
        "not_authenticated", "not_authenticated", "forbidden"]
    assert codes(frames(results, "too_many_subscriptions")) == [
        "subscribed", "invalid_request", "subscribed", "subscribed", "subscribed",
        "too_many_subscriptions"]
    assert codes(frames(results, "unsubscribe")) == [
        "subscribed", "unsubscribed", "reply", "unknown_subscription"]
    assert codes(frames(results, "send_frames")) == [
        "subscribed", "subscribed", "sent", "message", "send_not_allowed", "invalid_args",
        "unknown_subscription"]
    assert frames(results, "heartbeats") == [{"type": "pong", "id": "p"}, {"type": "pong"},
                                             {"type": "pong", "id": 0}]
    assert codes(frames(results, "origin_check")) == [{"text": "refused 403"}, "pong"]
    checked = frames(results, "ir_hash_check")  # the hash the client was built from
    assert codes(checked) == ["reply", "ir_hash_mismatch", "invalid_request",
                              "ir_hash_mismatch"]  # checked before the function's name
    assert checked[0]["body"]["result"] == "hi"
    assert checked[1]["status"] == 409
    assert checked[1]["body"]["error"]["message"].startswith("the server runs another API")
    assert checked[2]["error"]["issues"] == [
        {"path": ["ir_hash"], "code": "wrong_type", "message": "must be a string"}]


def test_messages_resume_in_order_and_gaps_are_reported(
        results: dict[str, dict[str, list[str]]]) -> None:
    pub = frames(results, "publish_from_functions")
    assert [f["message"]["n"] for f in pub if f["type"] == "message"] == [1, 2, 3]
    assert [f["seq"] for f in pub if f["type"] == "message"] == [1, 2, 3]
    resumed = frames(results, "resume_after_drop")
    assert [(f["type"], f["id"], f.get("seq")) for f in resumed] == [
        ("subscribed", "t", 0), ("message", "t", 1), ("message", "t", 2), ("message", "t", 3),
        ("subscribed", "t", 3), ("subscribed", "u", 0)]  # `u`: already up to date
    gap = frames(results, "gap_beyond_window")
    assert [(f["type"], f.get("seq"), f.get("after")) for f in gap] == [
        ("subscribed", 0, None), ("gap", None, 0), ("subscribed", 25, None),
        ("gap", None, 0), ("subscribed", -975, None)]  # a point from the future is a gap


def test_live_invalidation_reaches_who_may_see_it(
        results: dict[str, dict[str, list[str]]]) -> None:
    out = frames(results, "live_invalidation")
    assert out[0]["body"]["invalidate"] == {"contexts": ["user"], "functions": []}
    user_only = {"type": "invalidate", "contexts": ["user"], "functions": []}
    shared = {"type": "invalidate", "contexts": ["global"], "functions": []}
    assert out[1] == user_only  # alice's other tab; bob and the anonymous socket got nothing
    assert out[2]["body"]["invalidate"] == {"contexts": ["global"], "functions": []}
    assert out[3:7] == [shared] * 4  # alice's two tabs, bob, the anonymous socket
    assert json.loads(out[7]["text"] if "text" in out[7] else json.dumps(out[7]))["result"]
    assert out[8:] == [shared, shared]  # over call/: every socket, sam's own too


@pytest.mark.parametrize("case", [("echo", {"text": "Ωmega ✓", "count": 3}, None),
                                  ("echo", {"text": 5, "extra": 1}, None),
                                  ("boom", {}, None), ("refuse", {}, None),
                                  ("add_note", {"text": "x" * 60}, "alice"),
                                  ("set_notice", {"text": "x"}, "bob")])
def test_a_call_frame_carries_the_bytes_of_call(rt_servers: dict[str, str],
                                                case: tuple[str, dict[str, Any], str | None],
                                                ) -> None:
    function, args, user = case
    for base in rt_servers.values():
        ws_status, ws_body, http_status, http_body = asyncio.run(
            call_bytes(base, function, args, user))
        assert (ws_status, ws_body) == (http_status, http_body)
