"""Golden-file comparison: assert equal, or rewrite the file when regenerating."""

from __future__ import annotations

from pathlib import Path


def check_golden(path: Path, actual: str, update: bool) -> None:
    if update:
        if not path.exists() or path.read_text(encoding="utf-8") != actual:
            path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"{path} is missing; run pytest --update-golden to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path} differs; run pytest --update-golden and review the diff"
