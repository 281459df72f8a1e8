"""The quick test for float literals (`document.float_like`) answers as the pattern it
replaces: a number, signed or not, with a fraction or an exponent, not continuing a word.
A file it misses would keep ckdl's inexact floats; one it wrongly flags costs a scan."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mizan_spec.parse.document import float_like

REFERENCE = re.compile(r"(?<![\w.])[-+]?[0-9][0-9_]*(?:\.[0-9]|_*[eE][-+]?[0-9])")
CASES = ["1.5", "x 1.5", "x -1.5", "x +1e5", "x 1_000.5", "x 1__e-3", "x 1E+3", "a1.5",
         "a.1.5", "v=1.5", "1e", "1.", "1.x", "Item12.", "x 12 e5", "x _1.5", "x é1.5",
         "a1e-5.0", "a1e+5e5", "(t)1.5", '"1.5"', "x.5", "x -.5", "", "1", "x 0x1.5",
         "x 1_.5", "x 1e_5", "\u00b2.5", "x ٣.5", "a\n1e5", "1e5a"]


@pytest.mark.parametrize("text", CASES)
def test_known_cases(text: str) -> None:
    assert float_like(text) == (REFERENCE.search(text) is not None)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet="0123456789_.eE+-ax \n\"=é٣", max_size=24))
def test_any_text(text: str) -> None:
    assert float_like(text) == (REFERENCE.search(text) is not None)
