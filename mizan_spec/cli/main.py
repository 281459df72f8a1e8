"""The `mizan-spec` command: `check` and `ir` (more commands join the group as they land).

Exit codes: 0 clean (warnings allowed), 1 when the spec has errors, 2 for usage errors
(a path that does not exist, an unknown option), 3 for an internal error, which is
reported in one line without a traceback (set MIZAN_SPEC_DEBUG=1 to see it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from mizan_spec import __version__
from mizan_spec.compile import Compilation, compile_spec
from mizan_spec.diagnostics.render import render_github, render_json, render_text, summary
from mizan_spec.io import write_if_changed
from mizan_spec.ir.emit import emit_ir, ir_hash

FORMATS = ("text", "json", "github")

_paths = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path),
)
_format = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="How to print diagnostics: text for people, json for tools, github for Actions.",
)


def _report(result: Compilation, fmt: str, *, to_stderr: bool) -> None:
    if fmt == "json":
        text = render_json(result.diagnostics)
    elif fmt == "github":
        text = render_github(result.diagnostics)
    else:
        text = render_text(result.diagnostics, result.sources)
    if text:
        click.echo(text, nl=False, err=to_stderr)
    if fmt == "text" and (result.diagnostics or not to_stderr):
        files = len(result.files)
        click.echo(f"{summary(result.diagnostics)} ({files} file{'s' if files != 1 else ''})",
                   err=True)


def _compile(paths: tuple[Path, ...], *, want_ir: bool = True) -> Compilation:
    return compile_spec(list(paths) or [Path(".")], want_ir=want_ir)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mizan-spec")
def cli() -> None:
    """Spec-first toolkit for the Mizan RPC protocol."""


@cli.command()
@_paths
@_format
def check(paths: tuple[Path, ...], fmt: str) -> None:
    """Check spec files and directories; report every problem at file:line:col."""
    result = _compile(paths, want_ir=False)
    _report(result, fmt, to_stderr=False)
    sys.exit(1 if result.errors else 0)


@cli.command()
@_paths
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the IR to this file (atomically; untouched when unchanged).")
@click.option("--hash", "show_hash", is_flag=True,
              help="Print the IR's SHA-256 instead of the IR itself.")
@_format
def ir(paths: tuple[Path, ...], output: Path | None, show_hash: bool, fmt: str) -> None:
    """Emit the canonical IR of a spec (nothing is written if the spec has errors)."""
    result = _compile(paths)
    if result.ir is None:
        _report(result, fmt, to_stderr=True)
        sys.exit(1)
    if result.diagnostics:
        _report(result, fmt, to_stderr=True)
    text = emit_ir(result.ir)
    if output is not None:
        write_if_changed(output, text.encode("utf-8"))
    if show_hash:
        click.echo(ir_hash(text))
    elif output is None:
        click.echo(text, nl=False)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:  # the last line of defence: no traceback reaches a user
        if os.environ.get("MIZAN_SPEC_DEBUG"):
            raise
        click.echo(f"mizan-spec: internal error: {type(e).__name__}: {e} "
                   "(set MIZAN_SPEC_DEBUG=1 for details)", err=True)
        sys.exit(3)
