"""`mizan-spec check` and `mizan-spec ir`: validate a spec, emit its canonical IR."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mizan_spec.cli.options import FORMATS, default_paths, format_option, paths_argument, report
from mizan_spec.io import write_if_changed

if TYPE_CHECKING:
    from mizan_spec.compile import Compilation


def _compile(paths: tuple[Path, ...], *, want_ir: bool = True) -> Compilation:
    from mizan_spec.compile import compile_spec  # loaded by the commands that compile

    return compile_spec(default_paths(paths), want_ir=want_ir)


@click.command()
@paths_argument
@format_option(FORMATS)
def check(paths: tuple[Path, ...], fmt: str) -> None:
    """Check spec files and directories; report every problem at file:line:col."""
    result = _compile(paths, want_ir=False)
    report(result, fmt, to_stderr=False)
    sys.exit(1 if result.errors else 0)


@click.command()
@paths_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the IR to this file (atomically; untouched when unchanged).")
@click.option("--hash", "show_hash", is_flag=True,
              help="Print the IR's SHA-256 instead of the IR itself.")
@format_option(FORMATS)
def ir(paths: tuple[Path, ...], output: Path | None, show_hash: bool, fmt: str) -> None:
    """Emit the canonical IR of a spec (nothing is written if the spec has errors)."""
    result = _compile(paths)
    if result.ir is None:
        report(result, fmt, to_stderr=True)
        sys.exit(1)
    if result.diagnostics:
        report(result, fmt, to_stderr=True)
    from mizan_spec.ir.emit import emit_ir, ir_hash

    text = emit_ir(result.ir)
    if output is not None:
        write_if_changed(output, text.encode("utf-8"))
    if show_hash:
        click.echo(ir_hash(text))
    elif output is None:
        click.echo(text, nl=False)
