"""Shared test switches: `--update-golden` (or MIZAN_UPDATE_GOLDEN=1) rewrites expected files.

Property tests draw the same examples on every run (Hypothesis' `derandomize`, no example
database), so a run cannot fail by chance: what fails, fails again. To search afresh,
`HYPOTHESIS_PROFILE=explore uv run pytest ...` draws new random examples each run.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files (expected IR, diagnostics, generated code)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden")) or os.environ.get(
        "MIZAN_UPDATE_GOLDEN") == "1"
