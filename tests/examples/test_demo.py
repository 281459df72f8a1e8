"""`uv run python examples/library/demo.py` works, from any directory, and leaves the
committed packages untouched when they are up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.examples.conftest import LIBRARY


def test_demo(tmp_path: Path) -> None:
    packages = [LIBRARY / "fastapi_app" / "api", LIBRARY / "django_app" / "api"]
    before = {p: p.stat().st_mtime_ns for d in packages for p in d.iterdir()}
    done = subprocess.run([sys.executable, str(LIBRARY / "demo.py")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert out.rstrip().endswith("server stopped")
    assert "borrow_book(book_id=6) as ada: HTTP 200" in out
    assert "borrow_book(book_id=6) anonymously: HTTP 401" in out
    assert "return_book(loan_id=3) as ada: not her loan: HTTP 403" in out
    assert "post_review with a 9-star rating: HTTP 422" in out
    after = {p: p.stat().st_mtime_ns for d in packages for p in d.iterdir()}
    assert after == before
