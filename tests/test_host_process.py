"""The library leaves the process that imports it alone; the CLI, owning its process,
pauses the cyclic collector around a compile and restores it, error or not."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from mizan_spec.cli.compiling import collector_paused
from mizan_spec.compile import compile_spec


def write_spec(directory: Path, n: int) -> Path:
    """A clean spec of `n` types and `n` functions that use them."""
    parts = ["mizan 1\n"]
    for i in range(n):
        parts.append(f"type T{i} {{\n    field a int min=0\n    field b \"list[str]\"\n}}\n"
                     f'function f{i} returns="T{i}" {{\n    param x int\n}}\n')
    path = directory / "spec.mizan.kdl"
    path.write_text("".join(parts))
    return path


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generations of the automatic collections that run while the test does."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    was_enabled = gc.isenabled()
    gc.enable()
    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)
        if not was_enabled:
            gc.disable()


def test_compile_spec_leaves_the_collector_running(tmp_path: Path,
                                                   collections: list[int]) -> None:
    path = write_spec(tmp_path, 200)  # tens of thousands of objects: collections must run
    gc.collect()
    collections.clear()
    result = compile_spec([path])
    assert result.ir is not None and not result.errors
    assert gc.isenabled()
    # dozens run with the collector on (31 here); a paused one allows at most the one that
    # may run as it is switched back on
    assert len(collections) >= 5, "the collector was switched off while compiling"


def test_compile_spec_leaves_a_disabled_collector_disabled(tmp_path: Path) -> None:
    path = write_spec(tmp_path, 20)
    gc.disable()
    try:
        compile_spec([path])
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cli_pause_restores_the_collector_on_error(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError), collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("a failing compile")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
