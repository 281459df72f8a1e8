"""`mizan-spec import`: an existing decorator-first app (or its IR) to spec files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mizan_spec.importer.layout import SPLITS


@click.command(name="import")
@click.argument("ir_file", required=False, type=click.Path(exists=True, dir_okay=False,
                                                           path_type=Path))
@click.option("--app", "app", metavar="MODULE:REGISTRY",
              help="A decorator-first registry, e.g. myservice.main:registry.")
@click.option("--django-settings", "settings", metavar="MODULE",
              help="A Django project's settings module; its URLconf's mizan_urls registry.")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="The directory to write the spec files into.")
@click.option("--split", type=click.Choice(SPLITS), default=None,
              help="One file (none), one per Python module (module, the default for apps "
                   "spanning several modules) or one per context (context).")
@click.option("--force", is_flag=True, help="Overwrite spec files that already exist.")
def import_(ir_file: Path | None, app: str | None, settings: str | None, out: Path,
            split: str | None, force: bool) -> None:
    """Write .mizan.kdl files that give back an app's IR byte for byte.

    The source is an exported IR file, a registry (--app) or a Django project
    (--django-settings). The spec is checked against the source before anything is
    written; if it would not give the same IR, nothing is written."""
    from mizan_spec.cli.extras import require
    from mizan_spec.diagnostics.render import render_text
    from mizan_spec.importer import sources
    from mizan_spec.importer.output import OutputError
    from mizan_spec.importer.run import import_spec

    given = [x for x in (ir_file, app, settings) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one source: an IR file, --app or "
                               "--django-settings")
    try:
        if ir_file is not None:
            source = sources.from_ir_file(ir_file)
        elif app is not None:
            source = sources.from_app(app)
        else:
            assert settings is not None
            require("django", "--django-settings")
            source = sources.from_django(settings)
        result = import_spec(source, out, split, force=force)
    except (sources.SourceError, OutputError) as e:
        click.echo(f"mizan-spec import: {e}", err=True)
        sys.exit(2)
    for loss in result.losses:
        click.echo(loss.render(), err=True)
    if result.problems:
        if result.diagnostics:
            click.echo(render_text(result.diagnostics, result.sources), err=True, nl=False)
        for problem in result.problems:
            click.echo(f"mizan-spec import: {problem}; nothing written", err=True)
        sys.exit(1)
    for path in result.written:
        click.echo(f"wrote {path}")
    click.echo(f"the spec in {out} gives back the IR of {source.label} "
               f"({len(source.ir.functions)} functions)", err=True)
