"""How a form field's value is read and judged, one rule for every side.

The servers (the pydantic and the Django engines) and the client-side validators all
take from here what is not already a constraint of the IR: which characters a text
value loses at its ends, what counts as blank, the syntax of decimals and dates, the
order in which a field's checks run, and the exact message of each issue. The regular
expressions read the same in Python's `re` and JavaScript's `RegExp` (spec/protocol.md
§12 is the normative text).
"""

from __future__ import annotations

from mizan_spec.ir import model as irm

WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""What a text value loses at both ends: exactly Python's `str.strip()` set (what
Django's `strip=True` removes); JavaScript's `trim()` differs (it keeps U+001C to U+001F
and U+0085 and removes U+FEFF), so clients strip this set, not `trim()`."""

DECIMAL_PATTERN = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
"""A decimal written as text (after stripping): digits, an optional point and an
optional exponent; no `NaN`, `Infinity`, `_` or spaces."""
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""A date as text: `YYYY-MM-DD`, and it must exist in the calendar."""

CHECK_ORDER = ("wrong_type", "not_finite", "invalid", "required", "invalid_choice",
               "too_short", "too_long", "too_small", "too_large", "pattern_mismatch",
               "format")
"""The built-in checks of one field, in the order they run; the first that fails is the
field's one issue. `not_finite` (a decimal sent as a number beyond a double) and
`format` (the email or URL rule) are sent as `wrong_type`."""

REQUIRED = "is required"
UNTICKED = "must be ticked"
NULL_CHARACTER = "must not contain the null character"
UNKNOWN = "is not a known field"

_WRONG_TYPE = {
    "text": "must be a string", "textarea": "must be a string", "email": "must be a string",
    "url": "must be a string", "integer": "must be an integer",
    "decimal": "must be a decimal number", "boolean": "must be a boolean",
    "date": "must be a date (YYYY-MM-DD)", "choice": "must be a string",
    "choices": "must be a list",
}
_FORMAT = {"email": "must be an email address", "url": "must be a URL (http or https)"}


def strip_whitespace(value: str) -> str:
    return value.strip(WHITESPACE)


def wrong_type_message(kind: str) -> str:
    return _WRONG_TYPE[kind]


def format_message(kind: str) -> str:
    return _FORMAT[kind]


def choice_list(names: tuple[str, ...]) -> str:
    """`'a' or 'b'`, `'a', 'b' or 'c'`: the members a field picks from, in order."""
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def message(field: irm.FormField, code: str, members: tuple[str, ...] = ()) -> str:
    """The message of the issue `code` found on `field` (built-in checks only; an
    implementation's own issues carry their own message)."""
    c = field.constraints
    unit = "item" if field.kind == "choices" else "character"
    if code == "required":
        return UNTICKED if field.kind == "boolean" else REQUIRED
    if code == "unknown_field":
        return UNKNOWN
    if code == "wrong_type":
        return wrong_type_message(field.kind)
    if code == "format":
        return format_message(field.kind)
    if code == "not_finite":
        return "must be a finite number"
    if code == "invalid":
        return NULL_CHARACTER
    if code == "invalid_choice":
        return f"must be one of {choice_list(members)}"
    if code == "too_short":
        return f"must have at least {_count(c.min_length or 0, unit)}"
    if code == "too_long":
        return f"must have at most {_count(c.max_length or 0, unit)}"
    if code == "too_small":
        return f"must be at least {c.min}"
    if code == "too_large":
        return f"must be at most {c.max}"
    if code == "pattern_mismatch":
        return f"must match the pattern {c.pattern}"
    raise ValueError(f"no built-in form issue {code!r}")


def wire_code(code: str) -> str:
    """The issue code sent for a check (`format` is sent as `wrong_type`)."""
    return "wrong_type" if code in ("format", "not_finite") else code
