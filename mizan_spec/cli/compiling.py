"""How the CLI compiles: with the project's spec root (`root` of [tool.mizan-spec])."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from mizan_spec.compile import Compilation
    from mizan_spec.config import Config


def spec_root(config: Config) -> Path | None:
    """`root` of [tool.mizan-spec]; a configured root that is not a directory is a usage error."""
    root = config.spec_root
    if root is not None and not root.is_dir():
        raise click.UsageError(f"configured spec root {root} is not a directory")
    return root


def compile_paths(paths: list[Path], config: Config | None, *,
                  want_ir: bool = True) -> Compilation:
    """compile_spec for a command: includes may reach the configured root, if any."""
    from mizan_spec.compile import compile_spec  # loaded by the commands that compile

    root = spec_root(config) if config is not None else None
    return compile_spec(paths, want_ir=want_ir, root=root)
