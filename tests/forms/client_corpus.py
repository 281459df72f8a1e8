"""Field values for the client/server agreement test, drawn by hypothesis with a fixed
seed (derandomized: the same corpus on every run): valid values, blanks, whitespace
(Python's strip set and characters outside it), unicode, lengths at the limits, wrong
JSON types, malformed emails and URLs, out-of-range numbers, unknown keys.

Only values JSON carries alike to Python and JavaScript are drawn: no integral floats
for an integer field (`20.0` is a float to Python, the integer 20 to JavaScript) and
integers within JavaScript's safe range."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mizan_spec.ir import model as irm

SAFE = 2**53 - 1
SPACE = st.sampled_from([" ", "\t", "\n", "\u3000", "\x1c", "\x85", "\ufeff", "\u200b", ""])
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
NONINTEGRAL = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != int(x))
OTHER = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), NONINTEGRAL,
                  st.lists(st.integers(-9, 9), max_size=2),
                  st.dictionaries(WORDS, st.none(), max_size=1))


UNICODE = [  # where `\d`, `\w`, `\s`, `\b`, `.` and `$` differ between Unicode and ASCII,
    # and between Python and JavaScript
    "abc", "ABCD", "ABC", "123", "\u0661\u0662\u0663", "12\u0663", "\uff11\uff12", "ab cd",
    "\u00e9t\u00e9 x", "stra\u00dfe ok", "ab\u3000cd", "ab\u00a0cd", "ab\u2028cd",
    "ab\x1ccd", "ab\x85cd", "ab\ufeffcd", "ok", "\u00e9ok", "ok\u00e9", "x ok y",
    "a,b c", "a,\u00e9", "a\u2028b", "a\rb", "a\nb", "a\u2029b", "a\u00e9b", "xx", "yy", "xy",
    "xx\n", "a\U0001f600b", "\U0001f600",
]


def _around(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda a, t, b: a + t + b, SPACE, text, SPACE)


def _sized(n: int | None) -> st.SearchStrategy[str]:
    if n is None:
        return WORDS
    return st.sampled_from([n - 1, n, n + 1]).map(lambda k: "é" * max(k, 0))


def value_for(f: irm.FormField) -> st.SearchStrategy[Any]:
    c = f.constraints
    strings: list[st.SearchStrategy[Any]] = [WORDS, _sized(c.min_length), _sized(c.max_length)]
    if c.pattern is not None:
        strings.append(st.sampled_from(UNICODE))
    if f.kind == "email":
        strings.append(st.sampled_from([
            "ada@example.com", "a@b", "a b@example.com", "ada@example.c0m", "ada@@example.com",
            "Ada@Ex.AMPLE.org", "x" * 250 + "@example.com", "é@example.com", "a.@example.com"]))
    elif f.kind == "url":
        strings.append(st.sampled_from([
            "https://example.com", "example.com", "ftp://x.org", "http://a.b:80/p?q#f",
            "https://exa mple.com", "http://é.com", "HTTPS://EXAMPLE.COM", "https://-a.com"]))
    elif f.kind == "text" and c.pattern is not None:
        strings += [st.from_regex(c.pattern, fullmatch=True), st.sampled_from(UNICODE)]
    elif f.kind == "integer":
        lo, hi = int(c.min or 0), int(c.max or 100)
        return st.one_of(st.integers(lo - 2, hi + 2), st.integers(-SAFE, SAFE), OTHER, WORDS)
    elif f.kind == "decimal":
        return st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
                         st.floats(-1, 20000), st.integers(-1, 20000),
                         st.sampled_from(["NaN", "1e3", "-0", ".5", "5.", "1_000", "+1",
                                          "10000.50", "10000.51", " 0 ", "0x10", "\u0661",
                                          "1e400", "-1e-400", "Infinity"]), OTHER, WORDS)
    elif f.kind == "boolean":
        return st.one_of(st.booleans(), OTHER, st.sampled_from(["true", "", "false"]))
    elif f.kind == "date":
        return st.one_of(st.dates().map(str), st.sampled_from(
            ["2026-02-29", "2024-02-29", "2026-1-01", " 2026-01-01 ", "2026-01-01T00:00",
             "0000-01-01", "2026-13-01", "2026-04-31",
             "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0661"]), OTHER, WORDS)
    elif f.kind == "choice":
        return st.one_of(st.sampled_from(["sales", "support", "other", "Sales", " sales", ""]),
                         OTHER, WORDS)
    elif f.kind == "choices":
        return st.one_of(st.lists(st.sampled_from(["sales", "support", "other", "x", ""]),
                                  max_size=4), st.lists(OTHER, max_size=2), OTHER, WORDS)
    return st.one_of(*[_around(s) for s in strings], OTHER)


def form_args(form: irm.Form, taken: frozenset[str]) -> st.SearchStrategy[dict[str, Any]]:
    fields = {f.name: value_for(f) for f in form.fields}
    extra = st.dictionaries(st.sampled_from(["zz", "Name", ""]), st.integers(-9, 9),
                            max_size=1)
    return st.builds(lambda chosen, more: {**chosen, **more},
                     st.fixed_dictionaries({}, optional=fields), extra).filter(
        lambda args: not (isinstance(args.get("email"), str) and args["email"] in taken))


def corpus(forms: list[irm.Form], count: int, taken: frozenset[str] = frozenset(),
           ) -> list[tuple[str, dict[str, Any]]]:
    """`count` cases `(form name, args)`, the same on every run."""
    cases: list[tuple[str, dict[str, Any]]] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(forms).flatmap(
        lambda form: st.tuples(st.just(form.name), form_args(form, taken))))
    def draw(case: tuple[str, dict[str, Any]]) -> None:
        cases.append(case)

    draw()
    return cases
