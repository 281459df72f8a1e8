"""`mizan-spec gen typescript`: the TypeScript client (and, with --react, its hooks)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from mizan_spec.cli.options import report
from mizan_spec.compile import compile_spec
from mizan_spec.generate.typescript import GenerateError, generate_typescript
from mizan_spec.generate.typescript.output import OutputError, write_files
from mizan_spec.ir.load import IRError, load_ir
from mizan_spec.ir.model import IR


def spec_label(paths: tuple[Path, ...]) -> str:
    """The input as the header names it: relative to the working directory when it is
    inside it, with `/` separators, so output does not depend on where the tree lives."""
    labels = []
    for p in paths:
        try:
            rel = os.path.relpath(p.resolve(), Path.cwd().resolve())
        except ValueError:  # another drive
            rel = str(p)
        labels.append(Path(rel).as_posix() if not rel.startswith("..") else p.as_posix())
    return ", ".join(labels)


def load_input(paths: tuple[Path, ...]) -> IR:
    """The IR of the input: one `.ir.kdl` file, or spec files and directories. Exits 1
    with the diagnostics when the spec has errors."""
    if len(paths) == 1 and paths[0].name.endswith(".ir.kdl"):
        try:
            return load_ir(paths[0].read_text(encoding="utf-8"))
        except (IRError, UnicodeDecodeError) as e:
            click.echo(f"{paths[0]}: not a Mizan IR file: {e}", err=True)
            sys.exit(1)
    result = compile_spec(list(paths))
    if result.ir is None:
        report(result, "text", to_stderr=True)
        sys.exit(1)
    if result.diagnostics:
        report(result, "text", to_stderr=True)
    return result.ir


@click.command("typescript")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write the client into (created if missing).")
@click.option("--react", is_flag=True, help="Also write React bindings (react.ts).")
def typescript(paths: tuple[Path, ...], out: Path, react: bool) -> None:
    """Write a typed TypeScript client for a spec (files or directories) or an IR file.

    Files the previous run made and this one does not are removed; other files in the
    directory are never touched."""
    ir = load_input(paths)
    try:
        files = generate_typescript(ir, spec_label(paths), react=react)
        written, removed = write_files(out, files)
    except (GenerateError, OutputError) as e:
        click.echo(f"mizan-spec: {e}", err=True)
        sys.exit(1)
    click.echo(f"{out}: {len(written)} written, {len(files) - len(written)} unchanged"
               + (f", {len(removed)} removed" if removed else ""), err=True)
