"""Run as a script: the pydantic and the Django engines judge generated form values
alike. Hypothesis draws values (valid ones, blanks, whitespace, unicode, lengths at
the limits, wrong types, malformed emails and URLs, out-of-range numbers) for the test
forms; both engines must answer `validate` and `submit` with the same bytes. Examples
are derandomized, so a run is the same every time. Prints `agree N` or the first
disagreement."""

from __future__ import annotations

import json
import sys
from typing import Any

import django
from django.conf import settings

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])
django.setup()

from forms_testapp import CONTACT, SIGNUP, register  # noqa: E402
from hypothesis import HealthCheck, given  # noqa: E402
from hypothesis import settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mizan_spec.ir import model as irm  # noqa: E402
from mizan_spec.runtime import Registry  # noqa: E402
from mizan_spec.runtime.protocol import Protocol  # noqa: E402
from mizan_spec.runtime.wire import WireRequest  # noqa: E402

PYDANTIC = Protocol(register(Registry(), django=False))
DJANGO = Protocol(register(Registry(), django=True))
SPACE = st.sampled_from([" ", "\t", "\n", "\u3000", "\x1c", "\x85", "\ufeff", "\u200b", ""])
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


def _around(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda a, t, b: a + t + b, SPACE, text, SPACE)


def _sized(n: int | None) -> st.SearchStrategy[str]:
    if n is None:
        return WORDS
    return st.sampled_from([n - 1, n, n + 1]).map(lambda k: "é" * max(k, 0))


OTHER = st.one_of(st.none(), st.booleans(), st.integers(-5, 5),
                  st.floats(allow_nan=False, allow_infinity=False),
                  st.lists(st.integers(), max_size=2),
                  st.dictionaries(WORDS, st.none(), max_size=1))


def value_for(f: irm.FormField) -> st.SearchStrategy[Any]:
    c = f.constraints
    strings: list[st.SearchStrategy[Any]] = [WORDS, _sized(c.min_length), _sized(c.max_length)]
    if f.kind == "email":
        strings += [st.sampled_from(["ada@example.com", "a@b", "a b@example.com",
                                     "ada@example.c0m", "ada@@example.com", "Ada@Ex.AMPLE.org",
                                     "x" * 250 + "@example.com", "é@example.com"])]
    elif f.kind == "url":
        strings += [st.sampled_from(["https://example.com", "example.com", "ftp://x.org",
                                     "http://a.b:80/p?q#f", "https://exa mple.com",
                                     "http://é.com", "HTTPS://EXAMPLE.COM"])]
    elif f.kind == "text" and c.pattern is not None:
        strings += [st.from_regex(c.pattern, fullmatch=True), st.sampled_from(["abc", "ABCD"])]
    elif f.kind == "integer":
        lo, hi = int(c.min or 0), int(c.max or 100)
        return st.one_of(st.integers(lo - 2, hi + 2), st.integers(), OTHER, WORDS,
                         st.floats(lo, hi))
    elif f.kind == "decimal":
        return st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=3)
                         .map(str), st.floats(-1, 20000), st.integers(-1, 20000),
                         st.sampled_from(["NaN", "1e3", "-0", ".5", "5.", "1_000", "+1",
                                          "10000.50", "10000.51", " 0 ", "0x10", "\u0661"]),
                         OTHER, WORDS)
    elif f.kind == "boolean":
        return st.one_of(st.booleans(), OTHER, st.sampled_from(["true", "", "false"]))
    elif f.kind == "date":
        return st.one_of(st.dates().map(str), st.sampled_from(
            ["2026-02-29", "2024-02-29", "2026-1-01", " 2026-01-01 ", "2026-01-01T00:00",
             "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0661"]), OTHER, WORDS)
    elif f.kind == "choice":
        return st.one_of(st.sampled_from(["sales", "support", "other", "Sales", " sales", ""]),
                         OTHER, WORDS)
    elif f.kind == "choices":
        return st.one_of(st.lists(st.sampled_from(["sales", "support", "other", "x", ""]),
                                  max_size=4), st.lists(OTHER, max_size=2), OTHER, WORDS)
    return st.one_of(*[_around(s) for s in strings], OTHER)


def form_args(form: irm.Form) -> st.SearchStrategy[dict[str, Any]]:
    fields = {f.name: value_for(f) for f in form.fields}
    extra = st.dictionaries(st.sampled_from(["zz", "Name", ""]), st.integers(), max_size=1)
    return st.builds(lambda chosen, more: {**chosen, **more},
                     st.fixed_dictionaries({}, optional=fields), extra)


def answer(protocol: Protocol, function: str, args: dict[str, Any]) -> tuple[int, bytes]:
    body = json.dumps({"function": function, "args": args}, ensure_ascii=False).encode()
    r = protocol.handle(WireRequest("POST", "call/", headers={"content-type": "application/json"},
                                    body=body, declared_length=len(body)))
    return r.status, r.body


COUNT = [0]


@hsettings(max_examples=int(sys.argv[1]), derandomize=True, database=None, deadline=None,
           suppress_health_check=list(HealthCheck))
@given(st.sampled_from([CONTACT, SIGNUP]).flatmap(
    lambda form: st.tuples(st.just(form.name), form_args(form))),
    st.sampled_from(["validate", "submit"]))
def engines_agree(case: tuple[str, dict[str, Any]], step: str) -> None:
    name, args = case
    function = f"{name}.{step}"
    a, b = answer(PYDANTIC, function, args), answer(DJANGO, function, args)
    assert a == b, f"{function} {args!r}:\n  pydantic {a}\n  django   {b}"
    assert a[0] in (200, 422), (function, args, a)
    COUNT[0] += 1


if __name__ == "__main__":
    try:
        engines_agree()
    except AssertionError as e:
        print(f"disagree: {e}")
        sys.exit(1)
    print(f"agree {COUNT[0]}")
