"""Values: defaults and constraints must fit their types and each other.

A default must be a value of its type (an enum default is a member name; decimals are
strings or integers, kept exact; dates, datetimes and UUIDs are ISO strings; emails and
URLs pass their scalar's rule). `min`
and `max` apply to numbers, `min-length` and `max-length` to strings, lists and dicts,
`pattern` to strings (a Python regular expression). Bounds must be ordered and lengths
non-negative, and a default must satisfy the constraints beside it. Lists, dicts and
structs take no default other than null in v1.

Normalised values (what the IR records) are written back onto the declaration.
"""

from __future__ import annotations

import datetime
import math
import re
import uuid
from typing import TYPE_CHECKING

from mizan_spec.check.declarations import Declarations, FieldDecl
from mizan_spec.check.grammar import suggest
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic
from mizan_spec.ir import formats
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr, format_type
from mizan_spec.parse.document import Scalar

if TYPE_CHECKING:
    import decimal  # loaded where a decimal value is checked: most specs have none

NUMERIC = ("int", "float", "decimal")
_OWN_RULE = {name: f"`{name}` values are checked by their own rule, length included; "
             "use `str` for a string with constraints of its own" for name in ("email", "url")}
SIZED = ("str",)


class _Mismatch(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _number(type_name: str, value: Scalar, what: str) -> int | float | str:
    """A number normalised for its type, or _Mismatch."""
    if isinstance(value, bool) or value is None:
        raise _Mismatch(f"{what} must be a number, not {value!r}")
    if type_name == "int":
        if isinstance(value, int):
            return value
        raise _Mismatch(f"{what} must be an integer, not {value!r}", _as_integer(value))
    if type_name == "float":
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                raise _Mismatch(f"{what} must be finite")
            return float(value)
        raise _Mismatch(f"{what} must be a number, not a string", _as_number(value))
    # decimal
    if isinstance(value, float):
        raise _Mismatch(f"{what} for a decimal must be exact",
                        f'write it as a string: "{value!r}"')
    import decimal

    try:
        d = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        raise _Mismatch(f"{value!r} is not a decimal number") from None
    if not d.is_finite():
        raise _Mismatch(f"{what} must be finite")
    return canonical_decimal(d)


_INTEGER = re.compile(r"[+-]?[0-9][0-9_]*\Z")


def _as_integer(value: str | int | float) -> str | None:
    """How to write a string or float that holds an integer as one: `"3"` -> `write 3`."""
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return f"write `{int(value.strip().replace('_', ''))}`, without quotes"
    if isinstance(value, float) and value.is_integer():
        return f"write `{int(value)}`"
    return None


def _as_number(value: str) -> str:
    """How to write a string that holds a number as one: `"1.5"` -> `write 1.5`."""
    try:
        number = float(value.strip())
    except ValueError:
        return "write a number, without quotes"
    if not math.isfinite(number):
        return "write a finite number"
    return f"write `{value.strip()}`, without quotes"


def canonical_decimal(d: decimal.Decimal) -> str:
    """The IR's spelling of a decimal: plain notation, no trailing zeros (`9.9`, `0`)."""
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _default(t: TypeExpr, value: Scalar, enums: dict[str, list[str]]) -> Scalar:
    if value is None:
        if isinstance(t, Optional) or t == Named("json"):
            return None
        raise _Mismatch(f"#null is not a `{format_type(t)}`",
                        f"make the type optional: `{format_type(t)}?`")
    if isinstance(t, Optional):
        return _default(t.inner, value, enums)
    if isinstance(t, ListOf | DictOf):
        raise _Mismatch(f"a `{format_type(t)}` cannot have a default in v1",
                        "make it optional (`T?`, default null) or required")
    name = t.name
    if name in NUMERIC:
        return _number(name, value, "the default")
    if name == "json":
        if isinstance(value, float) and not math.isfinite(value):
            raise _Mismatch("JSON has no infinities or NaN")
        return value
    if name == "bool":
        if isinstance(value, bool):
            return value
        raise _Mismatch(f"the default of a bool must be #true or #false, not {value!r}")
    if not isinstance(value, str):
        raise _Mismatch(f"the default of a `{name}` must be a string, not {value!r}", "quote it")
    if name == "str":
        return value
    if name in ("email", "url"):
        return _format_default(name, value)
    try:
        if name == "date":
            return datetime.date.fromisoformat(value).isoformat()
        if name == "datetime":
            return datetime.datetime.fromisoformat(value).isoformat()
        if name == "uuid":
            return str(uuid.UUID(value))
    except ValueError:
        raise _Mismatch(f"{value!r} is not a valid {name}",
                        {"date": "write it as YYYY-MM-DD",
                         "datetime": "write it in ISO 8601, e.g. 2024-01-31T12:00:00+00:00",
                         "uuid": "write it as 8-4-4-4-12 hex digits"}[name]) from None
    if name in enums:
        if value in enums[name]:
            return value
        raise _Mismatch(f"`{value}` is not a member of enum `{name}`", suggest(value, enums[name]))
    raise _Mismatch(f"a `{name}` cannot have a default other than #null",
                    "make it optional (`T?`) to default to null")


def _format_default(name: str, value: str) -> str:
    """An `email` or `url` default: a string that passes the scalar's own rule."""
    if name == "email" and not formats.is_email(value):
        raise _Mismatch(f"{value!r} is not an email address",
                        "write it as name@example.com (ir/formats.py has the rule)")
    if name == "url" and not formats.is_url(value):
        raise _Mismatch(f"{value!r} is not a URL", "write an http or https URL, such as "
                        "https://example.com/")
    return value


def _check_field(f: FieldDecl, enums: dict[str, list[str]], out: list[Diagnostic]) -> None:
    t = f.type.parsed
    if t is None:
        return
    node = f.node
    inner = t.inner if isinstance(t, Optional) else t
    base = inner.name if isinstance(inner, Named) else ("list" if isinstance(inner, ListOf)
                                                       else "dict")
    ok = True
    normalised: dict[str, Scalar] = {}
    for key, value in f.constraints.items():
        try:
            if key in ("min", "max"):
                if base not in NUMERIC:
                    raise _Mismatch(f"`{key}` applies to numbers, not to `{format_type(t)}`",
                                    "use `min-length`/`max-length` for lengths"
                                    if base in ("str", "list", "dict") else None)
                normalised[key] = _number(base, value, f"`{key}`")
            elif key in ("min-length", "max-length"):
                if base not in ("str", "list", "dict"):
                    raise _Mismatch(f"`{key}` applies to strings, lists and dicts, not to "
                                    f"`{format_type(t)}`",
                                    "use `min`/`max` for numbers" if base in NUMERIC else
                                    _OWN_RULE.get(base))
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise _Mismatch(f"`{key}` must be a non-negative integer, not {value!r}")
                normalised[key] = value
            else:  # pattern
                if base != "str":
                    raise _Mismatch(f"`pattern` applies to strings, not to `{format_type(t)}`",
                                    _OWN_RULE.get(base))
                if not isinstance(value, str):
                    raise _Mismatch("`pattern` must be a string holding a regular expression")
                try:
                    re.compile(value)
                except re.error as e:
                    out.append(Diagnostic(codes.PATTERN, node.prop_span(key),
                                          f"invalid regular expression: {e}"))
                    ok = False
                    continue
                normalised[key] = value
        except _Mismatch as e:
            applies = "applies" in e.message
            out.append(Diagnostic(codes.CONSTRAINT_TYPE if applies else codes.CONSTRAINT_VALUE,
                                  node.key_span(key) if applies else node.prop_span(key),
                                  e.message, e.hint))
            ok = False
    for low, high in (("min", "max"), ("min-length", "max-length")):
        if low in normalised and high in normalised and _num(normalised[low]) > _num(
                normalised[high]):
            out.append(Diagnostic(codes.CONSTRAINT_VALUE, node.prop_span(low),
                                  f"`{low}` ({normalised[low]}) is above `{high}` "
                                  f"({normalised[high]}); no value can satisfy both"))
            ok = False
    f.constraints = normalised
    if not f.has_default:
        if isinstance(t, Optional) or f.type.text.rstrip().endswith("?"):  # `json?` too
            f.has_default, f.default = True, None  # nullable without a default: null
        return
    try:
        f.default = _default(t, f.default, enums)
    except _Mismatch as e:
        out.append(Diagnostic(codes.DEFAULT_TYPE, node.prop_span("default"), e.message, e.hint))
        return
    if ok and f.default is not None:
        problem = _violation(f.default, normalised)
        if problem:
            out.append(Diagnostic(codes.DEFAULT_CONSTRAINT, node.prop_span("default"), problem))


def _num(v: Scalar) -> float | decimal.Decimal:
    if isinstance(v, str):
        import decimal

        return decimal.Decimal(v)
    assert isinstance(v, int | float)
    return v


def _violation(value: Scalar, c: dict[str, Scalar]) -> str | None:
    if "min" in c and not isinstance(value, bool) and _num(value) < _num(c["min"]):
        return f"the default {value!r} is below `min` ({c['min']})"
    if "max" in c and not isinstance(value, bool) and _num(value) > _num(c["max"]):
        return f"the default {value!r} is above `max` ({c['max']})"
    if isinstance(value, str):
        low, high = c.get("min-length"), c.get("max-length")
        if isinstance(low, int) and len(value) < low:
            return f"the default is {len(value)} characters, under `min-length` ({low})"
        if isinstance(high, int) and len(value) > high:
            return f"the default is {len(value)} characters, over `max-length` ({high})"
        pattern = c.get("pattern")
        if isinstance(pattern, str) and re.search(pattern, value) is None:
            return f"the default {value!r} does not match `pattern`"
    return None


def check_values(decls: Declarations, out: list[Diagnostic]) -> None:
    enums = {e.name: [m.name for m in e.members] for e in decls.enums}
    for t in decls.types:
        for f in t.fields:
            _check_field(f, enums, out)
    for fn in decls.functions:
        for p in fn.params:
            _check_field(p, enums, out)
    for ch in decls.channels:
        for p in ch.params:
            _check_field(p, enums, out)
