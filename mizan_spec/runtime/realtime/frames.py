"""Client frames in, server frames out: the JSON of the WebSocket transport.

`read_frame` turns one text frame into a `Frame` (its type, id and members) or raises a
`FrameError` carrying the error frame to answer; nothing a client sends gets a
traceback. The server's frames are built here too, with the protocol's one encoder, so
both backends write the same bytes (spec/protocol.md §11).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mizan_spec.runtime.errors import Issue, ProtocolError
from mizan_spec.runtime.protocol import parse_json
from mizan_spec.runtime.wire import dump_json, join_object

MAX_INT_ID = 2**53 - 1

_SHAPES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    # type: (required members, optional members, the shape named in the error message)
    "call": (("id", "function"), ("args", "ir_hash"),
             '{"type": "call", "id": id, "function": name, "args": {...}}'),
    "subscribe": (("id", "channel"), ("params", "after"),
                  '{"type": "subscribe", "id": id, "channel": name, "params": {...}, '
                  '"after": seq}'),
    "unsubscribe": (("id",), (), '{"type": "unsubscribe", "id": id}'),
    "send": (("id", "sub", "message"), (), '{"type": "send", "id": id, "sub": id, '
             '"message": value}'),
    "ping": ((), ("id",), '{"type": "ping"}'),
    "pong": ((), ("id",), '{"type": "pong"}'),
}
FRAME_TYPES = tuple(_SHAPES)


@dataclass(frozen=True)
class Frame:
    type: str
    id: Any  # a valid frame id, or None for ping/pong without one
    body: dict[str, Any]
    raw: bytes


class FrameError(Exception):
    """A frame that cannot be served: answer `error` with this id and error."""

    def __init__(self, frame_id: Any, error: ProtocolError) -> None:
        super().__init__(error.code)
        self.frame_id = frame_id
        self.error = error


def valid_id(value: Any) -> bool:
    if isinstance(value, str):
        return 1 <= len(value) <= 64
    return (isinstance(value, int) and not isinstance(value, bool)
            and 0 <= value <= MAX_INT_ID)


def id_key(value: Any) -> tuple[str, Any]:
    """Frame ids compare by JSON type and value: `1` and `"1"` are two ids."""
    return (type(value).__name__, value)


def read_frame(data: str | bytes, max_frame: int) -> Frame:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > max_frame:
        raise FrameError(None, ProtocolError("frame_too_large",
                                             f"the frame exceeds {max_frame} bytes"))
    try:
        body = parse_json(raw, "the frame")
    except ProtocolError as err:
        raise FrameError(None, err) from None
    if not isinstance(body, dict):
        raise FrameError(None, ProtocolError(
            "invalid_request", 'a frame is a JSON object {"type": ..., ...}',
            (Issue((), "wrong_type", "must be an object"),)))
    kind = body.get("type")
    frame_id = body.get("id")
    known_id = frame_id if valid_id(frame_id) else None
    if not isinstance(kind, str):
        issue = (Issue(("type",), "required", "is required") if "type" not in body
                 else Issue(("type",), "wrong_type", "must be a string"))
        raise FrameError(known_id, ProtocolError(
            "invalid_request", 'a frame is a JSON object {"type": ..., ...}', (issue,)))
    shape = _SHAPES.get(kind)
    if shape is None:
        raise FrameError(known_id, ProtocolError(
            "unknown_frame_type", "no frame has this type"))
    required, optional, text = shape
    issues = [Issue((k,), "unknown_field", "is not a known field")
              for k in body if k != "type" and k not in required and k not in optional]
    issues += [Issue((k,), "required", "is required") for k in required if k not in body]
    issues += _member_issues(body)
    if issues:
        raise FrameError(known_id, ProtocolError("invalid_request", f"the frame must be {text}",
                                                 tuple(issues)))
    return Frame(kind, known_id, body, raw)


def _member_issues(body: dict[str, Any]) -> list[Issue]:
    issues = []
    for key in ("id", "sub"):
        if key in body and not valid_id(body[key]):
            issues.append(Issue((key,), "invalid", "must be a string of 1 to 64 characters "
                                "or an integer from 0 to 2^53 - 1"))
    for key in ("function", "channel", "ir_hash"):
        if key in body and not isinstance(body[key], str):
            issues.append(Issue((key,), "wrong_type", "must be a string"))
    for key in ("args", "params"):
        if key in body and not isinstance(body[key], dict):
            issues.append(Issue((key,), "wrong_type", "must be an object"))
    after = body.get("after")
    if after is not None and not (isinstance(after, int) and not isinstance(after, bool)
                                  and 0 <= after <= MAX_INT_ID):
        issues.append(Issue(("after",), "wrong_type", "must be an integer"))
    return issues


# -- server frames ---------------------------------------------------------------------

def _id(frame_id: Any) -> bytes:
    return dump_json(frame_id)


def reply(frame_id: Any, status: int, body: bytes) -> bytes:
    return join_object([("type", b'"reply"'), ("id", _id(frame_id)),
                        ("status", str(status).encode()), ("body", body)])


def error(frame_id: Any, err: ProtocolError) -> bytes:
    return join_object([("type", b'"error"'), ("id", _id(frame_id)),
                        ("status", str(err.status).encode()),
                        ("error", dump_json(err.to_wire()["error"]))])


def subscribed(frame_id: Any, seq: int) -> bytes:
    return join_object([("type", b'"subscribed"'), ("id", _id(frame_id)),
                        ("seq", str(seq).encode())])


def unsubscribed(frame_id: Any) -> bytes:
    return join_object([("type", b'"unsubscribed"'), ("id", _id(frame_id))])


def message(sub_id: Any, seq: int, payload: bytes) -> bytes:
    return join_object([("type", b'"message"'), ("id", _id(sub_id)),
                        ("seq", str(seq).encode()), ("message", payload)])


def gap(sub_id: Any, after: int) -> bytes:
    return join_object([("type", b'"gap"'), ("id", _id(sub_id)),
                        ("after", str(after).encode())])


def sent(frame_id: Any) -> bytes:
    return join_object([("type", b'"sent"'), ("id", _id(frame_id))])


def ping() -> bytes:
    return b'{"type":"ping"}'


def pong(frame_id: Any) -> bytes:
    if frame_id is None:
        return b'{"type":"pong"}'
    return join_object([("type", b'"pong"'), ("id", _id(frame_id))])


def invalidate(contexts: list[str], functions: list[str]) -> bytes:
    return join_object([("type", b'"invalidate"'), ("contexts", dump_json(contexts)),
                        ("functions", dump_json(functions))])
