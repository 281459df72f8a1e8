"""How the CLI compiles: with the project's spec root, and the cyclic collector paused.

The library's `compile_spec` leaves the garbage collector alone, since it may run inside
an editor or an application. A CLI command owns its process, so it pauses the collector
around each compile: the pipeline allocates hundreds of thousands of objects that all
live until it ends, and the full collections that triggers cost 15-30% of a 1,000
function check and about half of a 5,000 function one (bench/bench_check.py). The
previous state is restored on the way out, error or not.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from mizan_spec.compile import Compilation
    from mizan_spec.config import Config


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; leave it as it was found afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def spec_root(config: Config) -> Path | None:
    """`root` of [tool.mizan-spec]; a configured root that is not a directory is a usage error."""
    root = config.spec_root
    if root is not None and not root.is_dir():
        raise click.UsageError(f"configured spec root {root} is not a directory")
    return root


def compile_paths(paths: list[Path], config: Config | None, *,
                  want_ir: bool = True) -> Compilation:
    """compile_spec for a command: includes may reach the configured root, if any."""
    root = spec_root(config) if config is not None else None
    with collector_paused():
        from mizan_spec.compile import compile_spec  # loaded by the commands that compile

        return compile_spec(paths, want_ir=want_ir, root=root)
