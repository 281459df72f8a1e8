"""The input of every generator command: spec files and directories, or one IR file.

Loaded lazily (the pipeline imports only when a command has work to do). On spec errors
the diagnostics are printed and the command exits 1 before anything is written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mizan_spec.cli.compiling import compile_paths
from mizan_spec.cli.options import project_config, report

if TYPE_CHECKING:
    from mizan_spec.ir.model import IR


def is_ir_file(paths: tuple[Path, ...]) -> bool:
    return len(paths) == 1 and paths[0].name.endswith(".ir.kdl") and paths[0].is_file()


def load_input(paths: tuple[Path, ...]) -> tuple[IR, list[Path]]:
    """The IR of the input, and every file read to make it."""
    from mizan_spec.ir.load import IRError, load_ir

    if is_ir_file(paths):
        try:
            return load_ir(paths[0].read_text(encoding="utf-8")), [paths[0]]
        except (IRError, UnicodeDecodeError) as e:
            raise click.ClickException(f"{paths[0]}: not a valid Mizan IR file: {e}") from None
    result = compile_paths(list(paths) or [Path(".")], project_config())
    if result.ir is None:
        report(result, "text", to_stderr=True)
        sys.exit(1)
    if result.diagnostics:
        report(result, "text", to_stderr=True)
    return result.ir, [Path(f.path) for f in result.files]


def input_label(paths: tuple[Path, ...], out: Path) -> str:
    """The input as generated headers name it: relative to the output directory, with `/`
    separators, so the same command gives the same bytes from any working directory."""
    shown = [Path(os.path.relpath(p.resolve(), out.resolve())).as_posix() for p in paths]
    return " ".join(shown) or "."
