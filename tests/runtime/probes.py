"""The wire-parity probes: requests every backend must answer with the same bytes.

Each probe is (name, method, path, options, expected status); `options` are httpx
request keywords. Paths are relative to the base path.
"""

from __future__ import annotations

import json
from typing import Any

Probe = tuple[str, str, str, dict[str, Any], int]


def bearer(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {user}"}


def call(function: str, args: dict[str, Any] | None = None, user: str | None = None,
         **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"function": function}
    if args is not None:
        body["args"] = args
    return {"json": body, "headers": bearer(user) if user else {}, **extra}


def raw(content: bytes | str, content_type: str = "application/json") -> dict[str, Any]:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return {"content": data, "headers": {"Content-Type": content_type}}


def ctx_args(args: Any, user: str | None = None) -> dict[str, Any]:
    text = args if isinstance(args, str) else json.dumps(args)
    return {"params": {"args": text}, "headers": bearer(user) if user else {}}


def _tree(depth: int, label: str = "n") -> dict[str, Any]:
    node: dict[str, Any] = {"label": label, "children": []}
    for i in range(depth):
        node = {"label": f"n{i}", "children": [node]}
    return node


UNICODE = "Ωmega ✓ — مرحبا — 🧪🇯🇵 — e\u0301 — \u200d — \"quoted\" \\ back"
SCALARS = {"d": "2024-02-29", "dt": "2024-02-29T12:30:00+02:00",
           "u": "12345678-1234-5678-1234-567812345678", "dec": "12.3400", "f": 1,
           "b": True, "j": {"nested": [1, 2.5, None, "x", {"k": False}]}}

PROBES: list[Probe] = [
    # session/
    ("session anonymous", "GET", "session/", {}, 200),
    ("session signed in", "GET", "session/", {"headers": bearer("root")}, 200),
    ("session wrong method", "POST", "session/", raw("{}"), 405),
    ("unknown endpoint", "GET", "nope/", {}, 404),
    ("base path itself", "GET", "", {}, 404),
    ("no trailing slash", "GET", "session", {}, 404),
    # call/: request shape and transport errors
    ("call wrong method", "GET", "call/", {}, 405),
    ("call PUT", "PUT", "call/", raw("{}"), 405),
    ("call DELETE", "DELETE", "call/", {}, 405),
    ("call TRACE", "TRACE", "call/", {}, 405),
    ("session OPTIONS", "OPTIONS", "session/", {}, 405),
    ("malformed json", "POST", "call/", raw('{"function": "echo", '), 400),
    ("json NaN", "POST", "call/", raw('{"function": "echo", "args": {"text": NaN}}'), 400),
    ("json BOM", "POST", "call/", raw(b'\xef\xbb\xbf{"function": "echo"}'), 400),
    ("invalid utf-8", "POST", "call/", raw(b'{"function": "\xff"}'), 400),
    ("lone surrogate", "POST", "call/", raw('{"function":"echo","args":{"text":"\\ud800"}}'),
     400),
    ("body is a list", "POST", "call/", raw("[]"), 400),
    ("body shape wrong", "POST", "call/", raw('{"fn": 1, "function": 2, "args": []}'), 400),
    ("unknown function", "POST", "call/", call("nope"), 404),
    ("route function over call", "POST", "call/", call("profile_page", {"id": 1}), 404),
    ("wrong content type", "POST", "call/", raw('{"function":"echo"}', "text/plain"), 415),
    # call/: args validation
    ("missing arg", "POST", "call/", call("echo", {}), 422),
    ("args omitted", "POST", "call/", call("echo"), 422),
    ("bad args many", "POST", "call/",
     call("list_posts", {"status": "bogus", "limit": 0, "extra": 1}), 422),
    ("int as string and float", "POST", "call/", call("echo", {"text": 1, "count": "2"}), 422),
    ("int given 1.0", "POST", "call/", call("slow_double", {"n": 1.0}), 422),
    ("over max", "POST", "call/", call("echo", {"text": "x", "count": 11}), 422),
    ("scalars ok", "POST", "call/", call("scalars", {"s": SCALARS}), 200),
    ("scalars bad", "POST", "call/", call("scalars", {"s": {
        "d": "2024-13-01", "dt": 5, "u": "nope", "dec": "abc", "f": "1", "b": "true"}}), 422),
    ("email and url ok", "POST", "call/", call("contact", {
        "c": {"address": "ada@example.com", "site": "https://example.com/a?b=1#c"},
        "cc": ["b.c+d@mail.example.org"], "reply_to": None}), 200),
    ("email and url bad", "POST", "call/", call("contact", {
        "c": {"address": "ada@localhost", "site": "ftp://example.com/"},
        "cc": ["", 5, "a@b.co", "x" * 250 + "@example.com"], "reply_to": "a b@c.de"}), 422),
    ("alias ok", "POST", "call/", call("window", {"w": {"from": 1, "to": 2}}), 200),
    ("alias python name refused", "POST", "call/", call("window", {"w": {"from_": 1, "to": 2}}),
     422),
    ("nested ok", "POST", "call/", call("tree", {"root": _tree(60)}), 200),
    ("nested deep issue path", "POST", "call/", call("tree", {"root": _tree(20, "BAD")}), 422),
    ("nested too deep", "POST", "call/", call("tree", {"root": _tree(400)}), 400),
    ("number beyond double range", "POST", "call/",
     raw('{"function":"scalars","args":{"s":{"d":"2024-01-01","dt":"2024-01-01T00:00:00Z",'
         '"u":"12345678-1234-5678-1234-567812345678","dec":1,"f":1e400,"b":false,'
         '"j":[1e400,-1e400]}}}'), 200),
    ("nullable fields and param absent", "POST", "call/",
     call("sign_up", {"s": {"name": "a", "referrer": {"name": "b"}}}), 200),
    ("nullable fields given null", "POST", "call/",
     call("sign_up", {"s": {"name": "a", "bio": None, "referrer": None}, "code": None}), 200),
    ("nullable field still checked", "POST", "call/",
     call("sign_up", {"s": {"name": "a", "bio": 1, "referrer": {"bio": "x" * 21}}}), 422),
    ("author raised error", "POST", "call/", call("get_post", {"id": -1}), 422),
    # call/: results
    ("unicode echo", "POST", "call/", call("echo", {"text": UNICODE, "tags": [UNICODE]}), 200),
    ("list posts", "POST", "call/", call("list_posts", {"status": "published", "limit": 7}), 200),
    ("large payload in", "POST", "call/", call("sum_items", {"items": list(range(20000))}), 200),
    ("large payload out", "POST", "call/", call("many_posts", {"n": 1500}), 200),
    ("async function", "POST", "call/", call("slow_double", {"n": 21}), 200),
    ("websocket function over call", "POST", "call/",
     call("chat_send", {"room": "r", "text": "hi"}, "alice"), 200),
    ("exception in function", "POST", "call/", call("boom"), 500),
    ("wrong return type", "POST", "call/", call("bad_return"), 500),
    # auth levels
    ("authenticated anon", "POST", "call/", call("update_profile", {"bio": "b"}), 401),
    ("authenticated ok + merge", "POST", "call/", call("update_profile", {"bio": "b"}, "alice"),
     200),
    ("staff anon", "POST", "call/", call("create_post", {"title": "t"}), 401),
    ("staff denied", "POST", "call/", call("create_post", {"title": "t"}, "alice"), 403),
    ("staff ok + invalidate", "POST", "call/", call("create_post", {"title": "t"}, "sam"), 200),
    ("staff level before args", "POST", "call/", call("create_post", {"title": ""}, "alice"), 403),
    ("superuser denied", "POST", "call/", call("purge", None, "sam"), 403),
    ("superuser ok", "POST", "call/", call("purge", None, "root"), 200),
    ("predicate anon", "POST", "call/", call("rename_post", {"id": 4, "title": "x"}), 401),
    ("predicate denied", "POST", "call/", call("rename_post", {"id": 3, "title": "x"}, "alice"),
     403),
    ("predicate ok + merge with args", "POST", "call/",
     call("rename_post", {"id": 4, "title": "x"}, "alice"), 200),
    ("predicate staff", "POST", "call/", call("rename_post", {"id": 3, "title": "y"}, "sam"), 200),
    # ctx/<name>/
    ("ctx global anon", "GET", "ctx/global/", {}, 200),
    ("ctx global staff", "GET", "ctx/global/", ctx_args({"lang": "ar"}, "sam"), 200),
    ("ctx user anon", "GET", "ctx/user/", {}, 200),
    ("ctx user signed in", "GET", "ctx/user/", ctx_args({"theme": "dark"}, "alice"), 200),
    ("ctx unknown", "GET", "ctx/nope/", {}, 404),
    ("ctx wrong method", "POST", "ctx/global/", raw("{}"), 405),
    ("ctx args malformed", "GET", "ctx/global/", ctx_args("{lang"), 400),
    ("ctx args not object", "GET", "ctx/global/", ctx_args("[1]"), 400),
    ("ctx args unknown param", "GET", "ctx/global/", ctx_args({"langue": "fr"}), 422),
    ("ctx args wrong type", "GET", "ctx/user/", ctx_args({"theme": 1}, "alice"), 422),
    ("ctx args twice", "GET", "ctx/global/", {"params": [("args", "{}"), ("args", "{}")]}, 400),
    # methods no endpoint allows still get the protocol's 405 (or 404 off the endpoints)
    ("call PATCH", "PATCH", "call/", raw("{}"), 405),
    ("call CONNECT", "CONNECT", "call/", {}, 405),
    ("session PROPFIND", "PROPFIND", "session/", {}, 405),
    ("ctx CONNECT", "CONNECT", "ctx/global/", {}, 405),
    ("unknown endpoint PATCH", "PATCH", "nope/", {}, 404),
    # the host's authentication failing: still the envelope, nothing leaked
    ("auth loader raises on call", "POST", "call/", call("echo", {"text": "x"}, "explode"), 500),
    ("auth loader raises on session", "GET", "session/", {"headers": bearer("explode")}, 500),
    ("auth loader raises on route", "GET", "profile/1/", {"headers": bearer("explode")}, 500),
    ("auth refused where needed", "POST", "call/", call("update_profile", {"bio": "b"},
                                                           "expired"), 401),
    # route functions: the function's own response, or the protocol's envelope
    ("route ok", "GET", "profile/7/", {"headers": bearer("alice")}, 200),
    ("route query param", "GET", "profile/0007/", {"headers": bearer("sam"),
                                                   "params": {"tab": "likes ✓", "x": "1"}}, 200),
    ("route query param twice", "GET", "profile/7/",
     {"headers": bearer("alice"), "params": [("tab", "a"), ("tab", "b")]}, 422),
    ("route anon", "GET", "profile/7/", {}, 401),
    ("route predicate after args", "GET", "posts/abc/edit/", {}, 422),
    ("route converter does not match", "GET", "profile/abc/", {}, 404),
    ("route without trailing slash", "GET", "profile/7", {"headers": bearer("alice")}, 404),
    ("route typed param refuses", "GET", "posts/abc/edit/", {"headers": bearer("alice")}, 422),
    ("route predicate denied", "POST", "posts/3/edit/", {"headers": bearer("alice")}, 403),
    ("route predicate ok, async", "POST", "posts/4/edit/", {"headers": bearer("alice")}, 201),
    ("route any method", "PATCH", "posts/5/edit/", {"headers": bearer("sam")}, 201),
    ("route uuid and path", "GET", "files/12345678-1234-5678-1234-567812345678/a/b c.txt",
     {"params": {"n": "3"}}, 200),
    ("route uuid uppercase does not match", "GET",
     "files/12345678-1234-5678-1234-56781234567A/x", {}, 404),
    ("route query int refused", "GET", "files/12345678-1234-5678-1234-567812345678/x",
     {"params": {"n": "zz"}}, 422),
    ("route function raises", "GET", "files/12345678-1234-5678-1234-567812345678/boom", {}, 500),
    ("route returns no response", "GET",
     "files/12345678-1234-5678-1234-567812345678/not-a-response", {}, 500),
]


# -- raw probes: requests httpx does not send, over a bare socket (tests/runtime/rawhttp.py)

RawProbe = tuple[str, str, str, list[tuple[str, str]], bytes, int, frozenset[str]]
"""(name, method, path, headers, body as sent, expected status, the backends whose HTTP
server refuses the request itself, before the app sees it: spec/protocol.md §1.4)."""

JSON = ("Content-Type", "application/json")
LIMIT = 256 * 1024
"""The test apps' `max_body`."""


def _sized(body: bytes) -> list[tuple[str, str]]:
    return [JSON, ("Content-Length", str(len(body)))]


def _chunked(body: bytes, size: int = 16384) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size])
             for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


ECHO = json.dumps({"function": "echo", "args": {"text": "hi"}}).encode()
OVER = json.dumps({"function": "sum_items", "args": {"items": [7] * (LIMIT // 2)}}).encode()
OVER_SIZED = json.dumps({"function": "sum_items",
                         "args": {"items": list(range(60000))}}).encode()
GUNICORN = frozenset({"django-wsgi"})
CHUNKED = ("Transfer-Encoding", "chunked")

RAW_PROBES: list[RawProbe] = [
    ("lowercase method", "post", "call/", _sized(ECHO), ECHO, 405, GUNICORN),
    ("mixed-case method", "Post", "call/", _sized(ECHO), ECHO, 405, GUNICORN),
    ("lowercase get", "get", "session/", [], b"", 405, GUNICORN),
    ("content type twice", "POST", "call/", [JSON, *_sized(ECHO)], ECHO, 415, GUNICORN),
    ("content type twice, one wrong", "POST", "call/",
     [("Content-Type", "text/plain"), *_sized(ECHO)], ECHO, 415, GUNICORN),
    ("content type with charset", "POST", "call/",
     [("Content-Type", "application/json; charset=utf-8"),
      ("Content-Length", str(len(ECHO)))], ECHO, 200, frozenset()),
    ("chunked body", "POST", "call/", [JSON, CHUNKED], _chunked(ECHO), 200, frozenset()),
    ("chunked body, malformed json", "POST", "call/", [JSON, CHUNKED], _chunked(b'{"f'), 400,
     frozenset()),
    ("no body length at all", "POST", "call/", [JSON], b"", 400, frozenset()),
    ("chunked body over the limit", "POST", "call/", [JSON, CHUNKED], _chunked(OVER), 413,
     frozenset()),
    # The whole body sent: the answer comes before the server read it, and the server
    # closes with the rest unread, which resets the connection. httpx, still writing,
    # loses the answer to the reset; a client that reads after a failed write has it.
    ("payload too large", "POST", "call/", _sized(OVER_SIZED), OVER_SIZED, 413, frozenset()),
    ("declared body over the limit", "POST", "call/",
     [JSON, ("Content-Length", "1073741824")], b'{"function":', 413, frozenset()),
    ("declared body over the limit, wrong method", "POST", "session/",
     [JSON, ("Content-Length", "1073741824")], b"{", 405, frozenset()),
    ("declared body over the limit, no such endpoint", "POST", "nope/",
     [JSON, ("Content-Length", "1073741824")], b"{", 404, frozenset()),
]
