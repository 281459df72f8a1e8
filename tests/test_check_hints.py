"""Hints that tell the author exactly what to write: route placeholders follow their
converter, and a number written as a string is shown as a number."""

from __future__ import annotations

from pathlib import Path

import pytest

from mizan_spec.compile import compile_spec


def _hints(tmp_path: Path, body: str) -> list[tuple[str, str, str | None]]:
    (tmp_path / "s.mizan.kdl").write_text(f"mizan 1\n{body}", encoding="utf-8")
    return [(d.code.id, d.message, d.hint) for d in compile_spec([tmp_path]).diagnostics]


@pytest.mark.parametrize(("placeholder", "hint"), [
    ("<int:pid>", "add `param pid int`"),
    ("<uuid:pid>", "add `param pid uuid`"),
    ("<slug:pid>", "add `param pid str`"),
    ("<path:pid>", "add `param pid str`"),
    ("<pid>", "add `param pid str`"),
])
def test_a_missing_route_parameter_takes_its_converters_type(tmp_path: Path, placeholder: str,
                                                             hint: str) -> None:
    found = _hints(tmp_path, f'function f route="/p/{placeholder}/" {{\n    param other int\n}}\n')
    assert found == [("E507", f"route placeholder `{placeholder}` is not a parameter of `f`",
                      hint)]


def test_a_route_placeholder_close_to_a_parameter_suggests_it(tmp_path: Path) -> None:
    found = _hints(tmp_path, 'function f route="/p/<int:pid>/" {\n    param p_id int\n}\n')
    assert found == [("E507", "route placeholder `<int:pid>` is not a parameter of `f`",
                      "did you mean `p_id`? Otherwise add `param pid int`")]


@pytest.mark.parametrize(("prop", "hint"), [
    ('int default="3"', "write `3`, without quotes"),
    ('int default=" -12 "', "write `-12`, without quotes"),
    ("int default=3.0", "write `3`"),
    ('int min="1"', "write `1`, without quotes"),
    ('float default="1.5"', "write `1.5`, without quotes"),
    ('float default="often"', "write a number, without quotes"),
    ('int default="three"', None),
])
def test_a_number_written_as_a_string_is_shown_as_a_number(tmp_path: Path, prop: str,
                                                             hint: str | None) -> None:
    found = _hints(tmp_path, f"function f {{\n    param n {prop}\n}}\n")
    assert [(code, h) for code, _, h in found] == [
        ("E401" if "default" in prop else "E403", hint)]
