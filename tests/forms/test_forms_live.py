"""Forms over real HTTP: `<form>.schema`, `.validate` and `.submit` on FastAPI (pydantic),
Django ASGI and Django WSGI (Django forms built from the same IR). Every request is
sent to the three servers, which must answer the same status, protocol headers and
body bytes; the expected replies pin the codes and messages of spec/protocol.md §12."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from formcalls import CONTACT_OK, everywhere


def issues(servers: dict[str, str], args: dict[str, Any], form: str = "contact",
           ) -> list[tuple[str, str, str]]:
    """The issues `validate` finds, as (field, code, message)."""
    status, body = everywhere(servers, f"{form}.validate", args)
    assert status == 200
    found = [(".".join(map(str, i["path"])), i["code"], i["message"])
             for i in body["result"]["issues"]]
    assert body["result"]["valid"] is (not found)
    return found


def test_schema_describes_the_form(form_servers: dict[str, str]) -> None:
    status, body = everywhere(form_servers, "contact.schema")
    assert status == 200 and body["invalidate"] == {"contexts": [], "functions": []}
    schema = body["result"]
    assert (schema["name"], schema["title"], schema["submit_label"], schema["doc"]) == (
        "contact", "Contact us", "Send", "Write to the team.")
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == ["name", "email", "message", "topic", "age", "budget", "start",
                            "website", "tags", "code", "agree", "newsletter"]
    assert fields["name"] == {
        "name": "name", "kind": "text", "widget": "text", "label": "Your name", "help": None,
        "placeholder": "Ada Lovelace", "required": True,
        "constraints": {"min_length": 2, "max_length": 80, "pattern": None, "min": None,
                        "max": None},
        "choices": None, "initial": None}
    assert fields["topic"]["choices"] == [{"value": "sales", "label": "Sales"},
                                          {"value": "support", "label": "Support"},
                                          {"value": "other", "label": "Other"}]
    assert (fields["topic"]["widget"], fields["topic"]["initial"]) == ("select", "sales")
    assert fields["budget"]["constraints"]["max"] == "10000.5"
    assert {n: f["widget"] for n, f in fields.items()} == {
        "name": "text", "email": "email", "message": "textarea", "topic": "select",
        "age": "number", "budget": "number", "start": "date", "website": "url",
        "tags": "select-multiple", "code": "text", "agree": "checkbox",
        "newsletter": "checkbox"}
    assert fields["newsletter"]["initial"] is False
    assert fields["email"]["help"] == "We answer within a day."


def test_validate_reports_only_the_fields_given(form_servers: dict[str, str]) -> None:
    assert issues(form_servers, {}) == []
    assert issues(form_servers, {"name": "Ada"}) == []
    assert issues(form_servers, {"name": "A"}) == [
        ("name", "too_short", "must have at least 2 characters")]


@pytest.mark.parametrize(("args", "expected"), [
    ({"name": "   "}, [("name", "required", "is required")]),
    ({"name": None}, [("name", "required", "is required")]),
    ({"name": 7}, [("name", "wrong_type", "must be a string")]),
    ({"name": "x" * 81}, [("name", "too_long", "must have at most 80 characters")]),
    ({"name": "a\x00b"}, [("name", "invalid", "must not contain the null character")]),
    ({"email": "ada@"}, [("email", "wrong_type", "must be an email address")]),
    ({"email": " ada@example.com\n"}, []),
    ({"website": "example.com"}, [("website", "wrong_type", "must be a URL (http or https)")]),
    ({"website": ""}, []),
    ({"topic": "bogus"},
     [("topic", "invalid_choice", "must be one of 'sales', 'support' or 'other'")]),
    ({"topic": ""}, [("topic", "required", "is required")]),
    ({"age": 17}, [("age", "too_small", "must be at least 18")]),
    ({"age": 131}, [("age", "too_large", "must be at most 130")]),
    ({"age": 20.0}, [("age", "wrong_type", "must be an integer")]),
    ({"age": "20"}, [("age", "wrong_type", "must be an integer")]),
    ({"age": True}, [("age", "wrong_type", "must be an integer")]),
    ({"budget": "-0.01"}, [("budget", "too_small", "must be at least 0")]),
    ({"budget": 10000.51}, [("budget", "too_large", "must be at most 10000.5")]),
    ({"budget": "NaN"}, [("budget", "wrong_type", "must be a decimal number")]),
    ({"budget": " 1e3 "}, []),
    ({"start": "2026-02-30"}, [("start", "wrong_type", "must be a date (YYYY-MM-DD)")]),
    ({"start": "2026-2-3"}, [("start", "wrong_type", "must be a date (YYYY-MM-DD)")]),
    ({"tags": "sales"}, [("tags", "wrong_type", "must be a list")]),
    ({"tags": ["sales", "x"]},
     [("tags", "invalid_choice", "must be one of 'sales', 'support' or 'other'")]),
    ({"tags": ["sales", 1]},
     [("tags", "invalid_choice", "must be one of 'sales', 'support' or 'other'")]),
    ({"tags": ["sales", "support", "other"]}, [("tags", "too_long", "must have at most 2 items")]),
    ({"tags": ["x", "sales", "support"]},
     [("tags", "invalid_choice", "must be one of 'sales', 'support' or 'other'")]),
    ({"code": "abcd"}, [("code", "pattern_mismatch", "must match the pattern ^[A-Z]{3}$")]),
    ({"code": " ABC "}, []),
    ({"agree": False}, [("agree", "required", "must be ticked")]),
    ({"agree": "yes"}, [("agree", "wrong_type", "must be a boolean")]),
    ({"newsletter": False}, []),
    ({"extra": 1, "name": "A"}, [("name", "too_short", "must have at least 2 characters"),
                                 ("extra", "unknown_field", "is not a known field")]),
])
def test_each_check_gives_its_issue(form_servers: dict[str, str], args: dict[str, Any],
                                    expected: list[tuple[str, str, str]]) -> None:
    assert issues(form_servers, args) == expected


def test_one_issue_per_field_in_field_order(form_servers: dict[str, str]) -> None:
    found = issues(form_servers, {"code": "abcdefgh", "age": 3, "name": "", "agree": False})
    assert found == [("name", "required", "is required"),
                     ("age", "too_small", "must be at least 18"),
                     ("code", "pattern_mismatch", "must match the pattern ^[A-Z]{3}$"),
                     ("agree", "required", "must be ticked")]
    # lengths come before the pattern, the email rule last
    assert issues(form_servers, {"email": "x" * 300}) == [
        ("email", "wrong_type", "must be an email address")]
    assert issues(form_servers, {"name": "!" * 90}) == [
        ("name", "too_long", "must have at most 80 characters")]


def test_submit_runs_on_submit_with_cleaned_values(form_servers: dict[str, str]) -> None:
    status, body = everywhere(form_servers, "contact.submit", {
        **CONTACT_OK, "name": "  Ada  ", "budget": " 12.50 ", "start": "2026-01-02",
        "tags": ["sales", "other"], "website": "", "age": None, "code": "XYZ"})
    assert status == 200, body
    assert body == {"result": {
        "name": "Ada", "email": "ada@example.com", "topic": "sales", "age": None,
        "budget": "12.50", "start": "2026-01-02", "website": None,
        "tags": ["sales", "other"], "code": "XYZ", "newsletter": False},
        "invalidate": {"contexts": [], "functions": []}, "merge": []}


def test_submit_refuses_an_invalid_form(form_servers: dict[str, str]) -> None:
    status, body = everywhere(form_servers, "contact.submit", None)
    assert status == 422
    assert body == {"error": {"code": "invalid_args", "message": "5 invalid arguments",
                              "issues": [
        {"path": ["name"], "code": "required", "message": "is required"},
        {"path": ["email"], "code": "required", "message": "is required"},
        {"path": ["message"], "code": "required", "message": "is required"},
        {"path": ["topic"], "code": "required", "message": "is required"},
        {"path": ["agree"], "code": "required", "message": "must be ticked"}]}}
    status, body = everywhere(form_servers, "contact.submit", {**CONTACT_OK, "age": 3, "x": 1})
    assert status == 422 and body["error"]["message"] == "2 invalid arguments"


def test_the_implementation_refuses_with_its_own_field_errors(
        form_servers: dict[str, str]) -> None:
    args = {"username": "ada", "email": "taken@example.com", "password": "correct horse"}
    status, body = everywhere(form_servers, "signup.submit", args)
    assert (status, body) == (422, {"error": {
        "code": "invalid_args", "message": "1 invalid argument", "issues": [
            {"path": ["email"], "code": "already_registered",
             "message": "this email is already registered"}]}})
    status, body = everywhere(form_servers, "signup.submit", {**args, "email": "ada@example.com"})
    assert (status, body["result"]) == (200, {"username": "ada", "email": "ada@example.com"})
    assert issues(form_servers, {"username": "Ada!"}, "signup") == [
        ("username", "pattern_mismatch", "must match the pattern ^[a-z0-9_]+$")]


def test_a_form_with_auth_serves_only_signed_in_callers(form_servers: dict[str, str]) -> None:
    for function in ("feedback.schema", "feedback.validate", "feedback.submit"):
        status, body = everywhere(form_servers, function, {"text": "hi"})
        assert (status, body["error"]["code"]) == (401, "not_authenticated")
    status, body = everywhere(form_servers, "feedback.submit", {"text": "hi"}, who="alice")
    assert (status, body["result"]) == (200, None)


def test_the_body_is_checked_as_for_any_function(form_servers: dict[str, str]) -> None:
    status, body = everywhere(form_servers, "contact.validate", [1])
    assert (status, body["error"]["code"]) == (400, "invalid_request")
    status, body = everywhere(form_servers, "contact.remove", {})
    assert (status, body["error"]["code"]) == (404, "unknown_function")
    status, body = everywhere(form_servers, "contact", {})
    assert (status, body["error"]["code"]) == (404, "unknown_function")


def _documented_exchanges() -> list[tuple[str, int, str]]:
    """The complete example exchanges of spec/protocol.md §12 (request body, status,
    reply body); the schema example, shortened with `…`, is left out."""
    text = (Path(__file__).resolve().parents[2] / "spec" / "protocol.md").read_text()
    forms = text[text.index("## 12. Forms"):]
    found = re.findall(r"```\nPOST /api/mizan/call/\n(\{.*\})\n\n(\d{3})\n(\{.*\})\n```", forms)
    return [(req, int(status), reply) for req, status, reply in found if "…" not in reply]


def test_the_documented_exchanges_are_what_the_servers_answer(
        form_servers: dict[str, str]) -> None:
    exchanges = _documented_exchanges()
    assert len(exchanges) == 3
    for request, status, reply in exchanges:
        body = json.loads(request)
        for name, url in form_servers.items():
            r = httpx.post(url + "call/", content=request, timeout=10,
                           headers={"Content-Type": "application/json"})
            assert (r.status_code, r.text) == (status, reply), (name, body["function"])


@pytest.mark.parametrize(("field", "value", "matches"), [
    ("digits", "123", True), ("digits", "\u0661\u0662\u0663", False),
    ("digits", "\uff11\uff12", False),
    ("words", "ab cd", True), ("words", "\u00e9t\u00e9 x", False), ("words", "ab\u3000cd", False),
    ("words", "ab\u00a0cd", False), ("apart", "x ok y", True), ("apart", "\u00e9ok", True),
    ("lines", "a\rb", True), ("lines", "a\u2028b", True), ("lines", "a\nb", False),
    ("lines", "xx", True), ("lines", "xy", False),
])
def test_patterns_have_ascii_classes_on_every_server(form_servers: dict[str, str], field: str,
                                                     value: str, matches: bool) -> None:
    """`\\d`, `\\w`, `\\s` are ASCII; `.` is anything but a newline (`\\r` and U+2028 too);
    `éok` holds the word `ok` (`é` is no word character); `(?P=x)` refers back."""
    status, body = everywhere(form_servers, "patterns.validate", {field: value})
    assert status == 200
    found = [(i["path"], i["code"]) for i in body["result"]["issues"]]
    assert found == ([] if matches else [([field], "pattern_mismatch")])
