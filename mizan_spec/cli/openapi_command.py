"""`mizan-spec openapi SPEC|IR [-o FILE] [--base PATH]`: the protocol as OpenAPI 3.1."""

from __future__ import annotations

from pathlib import Path

import click

from mizan_spec.cli.inputs import load_input
from mizan_spec.cli.options import writing_output


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the document to this file (atomically; untouched when unchanged). "
                   "Default: standard output.")
@click.option("--base", default="/api/mizan", show_default=True,
              help="The path the API is mounted at.")
@click.option("--title", default="Mizan API", show_default=True, help="info.title.")
def openapi(paths: tuple[Path, ...], output: Path | None, base: str, title: str) -> None:
    """Write the OpenAPI 3.1 document of the protocol as served for a spec or IR file:
    session/, call/ (one body variant per function), ctx/<name>/ and route functions."""
    from mizan_spec.io import write_if_changed
    from mizan_spec.openapi.document import openapi_text

    ir, _ = load_input(paths)
    text = openapi_text(ir, base=base, title=title)
    if output is None:
        click.echo(text, nl=False)
        return
    with writing_output(output):
        write_if_changed(output, text.encode("utf-8"))
