"""The error envelope: stable codes, their HTTP statuses, and issues with field paths.

Every failure the protocol reports is `{"error": {"code", "message", "issues"}}`.
Validation problems come from pydantic but are rewritten here into the protocol's own
issue codes and messages; nothing of pydantic's text (or any exception's) reaches a client.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from mizan_spec.wire_codes import ERROR_STATUS, SOCKET_ERROR_STATUS

PathItem = str | int



@dataclass(frozen=True)
class Issue:
    path: tuple[PathItem, ...]
    code: str
    message: str

    def to_wire(self) -> dict[str, Any]:
        return {"path": list(self.path), "code": self.code, "message": self.message}


@dataclass
class ProtocolError(Exception):
    """A failure to report to the client in the envelope."""

    code: str
    message: str
    issues: Sequence[Issue] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.code not in ERROR_STATUS and self.code not in SOCKET_ERROR_STATUS:
            raise ValueError(f"unknown protocol error code {self.code!r}")

    @property
    def status(self) -> int:
        return ERROR_STATUS.get(self.code) or SOCKET_ERROR_STATUS[self.code]

    def to_wire(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message,
                          "issues": [i.to_wire() for i in self.issues]}}


INTERNAL = ProtocolError("internal_error", "the server failed to complete this call")
"""The one answer to a failure of the server itself (the cause is logged, never sent)."""


_KIND = {
    "int": "an integer", "float": "a number", "string": "a string", "str": "a string",
    "bool": "a boolean", "list": "a list", "dict": "an object", "model": "an object",
    "model_attributes": "an object", "dataclass": "an object", "date": "a date (YYYY-MM-DD)",
    "datetime": "a date-time (ISO 8601)", "uuid": "a UUID", "decimal": "a decimal number",
    "finite_number": "a finite number", "none": "null",
    "email": "an email address", "url": "a URL (http or https)",  # runtime.scalars
}


def _bound(ctx: dict[str, Any], key: str) -> str:
    return str(ctx.get(key, "?"))


def _plural(n: str, word: str) -> str:
    return f"{n} {word}" if n == "1" else f"{n} {word}s"


def issue_from(error: Any) -> Issue:
    """One pydantic error as a protocol issue (code and message are the protocol's)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    path = tuple(p for p in error.get("loc", ()) if isinstance(p, str | int))
    if kind == "missing":
        return Issue(path, "required", "is required")
    if kind == "extra_forbidden":
        return Issue(path, "unknown_field", "is not a known field")
    if kind in ("greater_than_equal", "greater_than"):
        lo = _bound(ctx, "ge" if "ge" in ctx else "gt")
        return Issue(path, "too_small", f"must be at least {lo}")
    if kind in ("less_than_equal", "less_than"):
        hi = _bound(ctx, "le" if "le" in ctx else "lt")
        return Issue(path, "too_large", f"must be at most {hi}")
    if kind == "string_too_short":
        return Issue(path, "too_short",
                     f"must have at least {_plural(_bound(ctx, 'min_length'), 'character')}")
    if kind == "string_too_long":
        return Issue(path, "too_long",
                     f"must have at most {_plural(_bound(ctx, 'max_length'), 'character')}")
    if kind == "too_short":
        n = _bound(ctx, "min_length")
        return Issue(path, "too_short", f"must have at least {_plural(n, 'item')}")
    if kind == "too_long":
        n = _bound(ctx, "max_length")
        return Issue(path, "too_long", f"must have at most {_plural(n, 'item')}")
    if kind == "string_pattern_mismatch":
        return Issue(path, "pattern_mismatch", f"must match the pattern {_bound(ctx, 'pattern')}")
    if kind in ("enum", "literal_error"):
        return Issue(path, "invalid_choice", f"must be one of {_bound(ctx, 'expected')}")
    for suffix in ("_type", "_parsing", "_from_float", "_from_datetime_parsing",
                   "_from_date_parsing", "_parsing_size"):
        if kind.endswith(suffix):
            prefix = kind[: -len(suffix)]
            if prefix in _KIND:
                return Issue(path, "wrong_type", f"must be {_KIND[prefix]}")
    if kind == "finite_number":
        return Issue(path, "wrong_type", "must be a finite number")
    return Issue(path, "invalid", "is not a valid value")


def is_too_deep(error: ValidationError) -> bool:
    """pydantic's JSON parser refused the input (only depth limits reach it here)."""
    return any(e.get("type") == "json_invalid" for e in error.errors(include_url=False))


def invalid_args(error: ValidationError, strip: int = 0) -> ProtocolError:
    """`invalid_args` with one issue per pydantic error; `strip` drops leading loc items."""
    issues = []
    for e in error.errors(include_url=False, include_input=False):
        issues.append(issue_from({**e, "loc": tuple(e["loc"])[strip:]}))
    count = len(issues)
    return ProtocolError("invalid_args", f"{count} invalid argument{'s' if count != 1 else ''}",
                         tuple(issues))
