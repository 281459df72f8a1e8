"""`mizan-spec gen python`: a typed FastAPI or Django server package from a spec or IR."""

from __future__ import annotations

from pathlib import Path

import click

from mizan_spec.cli.inputs import input_label, load_input
from mizan_spec.generate.stamp import is_up_to_date, make_stamp, write_stamp
from mizan_spec.io import write_if_changed

SCAFFOLD = "impl.py"


@click.command("python")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--backend", type=click.Choice(["fastapi", "django"]), required=True,
              help="The framework the generated wiring serves from.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The package directory to generate (created if missing).")
@click.option("--force", "force", multiple=True, metavar="FILE",
              help=f"Overwrite this scaffolded file (only `{SCAFFOLD}`), losing your edits.")
def python(paths: tuple[Path, ...], backend: str, out: Path, force: tuple[str, ...]) -> None:
    """Generate a typed server package: models, interface, wiring, client, IR, and (once)
    an implementation module that is yours."""
    for name in force:
        if Path(name).name != SCAFFOLD:
            raise click.BadParameter(f"only {SCAFFOLD} is scaffolded, not {name!r}",
                                     param_hint="--force")
    inputs = list(paths) or [Path(".")]
    label = input_label(paths, out)
    options = {"command": "gen python", "backend": backend, "label": label}
    if not force and is_up_to_date(options, inputs, out) and (out / SCAFFOLD).exists():
        click.echo(f"{out}: up to date", err=True)
        return
    # the pipeline and the generators load only when there is work to do
    from mizan_spec.generate.output import MANIFEST, OutputError, write_files
    from mizan_spec.generate.python.render import render_python
    from mizan_spec.generate.python_client import PythonClientError

    ir, read = load_input(paths)
    try:
        package = render_python(ir, backend="fastapi" if backend == "fastapi" else "django",
                                spec_label=label)
    except PythonClientError as e:
        raise click.ClickException(str(e)) from None
    try:
        written, removed = write_files(out, package.generated)
    except OutputError as e:
        raise click.ClickException(str(e)) from None
    write_stamp(out, make_stamp(options, inputs, read, out, [*package.generated, MANIFEST]))
    for name, text in package.scaffold.items():
        path = out / name
        if not path.exists() or force:
            write_if_changed(path, text.encode("utf-8"))
            written.append(name)
    for name in written:
        click.echo(f"wrote {out / name}", err=True)
    for name in removed:
        click.echo(f"removed {out / name}", err=True)
    if not written and not removed:
        click.echo(f"{out}: up to date", err=True)
