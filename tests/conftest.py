"""Shared test switches: `--update-golden` (or MIZAN_UPDATE_GOLDEN=1) rewrites expected files."""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files (expected IR, diagnostics, generated code)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden")) or os.environ.get(
        "MIZAN_UPDATE_GOLDEN") == "1"
