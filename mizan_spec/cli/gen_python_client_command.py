"""`mizan-spec gen python-client`: a client package that needs only httpx and pydantic."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mizan_spec.cli.compiling import collector_paused
from mizan_spec.cli.inputs import input_label, load_input
from mizan_spec.cli.options import writing_output


@click.command("python-client")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The package directory to write (created if missing).")
def python_client(paths: tuple[Path, ...], out: Path) -> None:
    """Write a standalone typed Python client package for a spec or an IR file: models,
    `Client` and `AsyncClient`, importing only httpx and pydantic (for another service
    to call this one)."""
    from mizan_spec.generate.output import OutputError, recover, write_files
    from mizan_spec.generate.python_client import PythonClientError
    from mizan_spec.generate.python_client_package import render_client_package

    try:
        with writing_output(out):
            if recover(out):
                click.echo(f"{out}: completed a run that was interrupted", err=True)
    except OutputError as e:
        click.echo(f"mizan-spec: {e}", err=True)
        sys.exit(1)
    ir, _ = load_input(paths)
    try:
        with collector_paused():  # as `gen python` renders its models: see there
            files = render_client_package(ir, input_label(paths, out))
        with writing_output(out):
            written, removed = write_files(out, files)
    except (PythonClientError, OutputError) as e:
        click.echo(f"mizan-spec: {e}", err=True)
        sys.exit(1)
    click.echo(f"{out}: {len(written)} written, {len(files) - len(written)} unchanged"
               + (f", {len(removed)} removed" if removed else ""), err=True)
