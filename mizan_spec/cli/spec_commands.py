"""`mizan-spec check` and `mizan-spec ir`: validate a spec, emit its canonical IR."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mizan_spec.cli.compiling import compile_paths
from mizan_spec.cli.options import (
    FORMATS,
    default_paths,
    format_option,
    paths_argument,
    project_config,
    report,
    writing_output,
)

if TYPE_CHECKING:
    from mizan_spec.compile import Compilation
    from mizan_spec.config import Config


def _compile(paths: tuple[Path, ...], config: Config, *, want_ir: bool = True) -> Compilation:
    """Compile; warnings listed in `[tool.mizan-spec] ignore` are dropped."""
    result = compile_paths(default_paths(paths), config, want_ir=want_ir)
    if config.ignore:
        ignored = set(config.ignore)
        result.diagnostics = [d for d in result.diagnostics if d.code.id not in ignored]
    return result


@click.command()
@paths_argument
@format_option(FORMATS)
def check(paths: tuple[Path, ...], fmt: str) -> None:
    """Check spec files and directories; report every problem at file:line:col.

    Exit 1 on errors (and on warnings too with `warnings-as-errors = true` in
    `[tool.mizan-spec]`)."""
    config = project_config()
    result = _compile(paths, config, want_ir=False)
    report(result, fmt, to_stderr=False)
    failed = result.errors or (config.warnings_as_errors and result.diagnostics)
    sys.exit(1 if failed else 0)


@click.command()
@paths_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the IR to this file (atomically; untouched when unchanged). "
                   "Default: `ir-output` of [tool.mizan-spec], else standard output.")
@click.option("--hash", "show_hash", is_flag=True,
              help="Print the IR's SHA-256 instead of the IR itself.")
@format_option(FORMATS)
def ir(paths: tuple[Path, ...], output: Path | None, show_hash: bool, fmt: str) -> None:
    """Emit the canonical IR of a spec (nothing is written if the spec has errors)."""
    config = project_config()
    if output is None and not paths:
        output = config.ir_output  # the project's own spec goes to the project's own file
    result = _compile(paths, config)
    if result.ir is None:
        report(result, fmt, to_stderr=True)
        sys.exit(1)
    if result.diagnostics:
        report(result, fmt, to_stderr=True)
    from mizan_spec.io import write_if_changed
    from mizan_spec.ir.emit import emit_ir, ir_hash

    text = emit_ir(result.ir)
    if output is not None:
        with writing_output(output):
            write_if_changed(output, text.encode("utf-8"))
    if show_hash:
        click.echo(ir_hash(text))
    elif output is None:
        click.echo(text, nl=False)
