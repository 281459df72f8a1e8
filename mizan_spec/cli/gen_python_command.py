"""`mizan-spec gen python`: a typed FastAPI or Django server package from a spec or IR."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mizan_spec.cli.options import report
from mizan_spec.generate.stamp import is_up_to_date, make_stamp, write_stamp
from mizan_spec.io import write_if_changed

if TYPE_CHECKING:
    from mizan_spec.ir.model import IR

SCAFFOLD = "impl.py"


def load_input(paths: tuple[Path, ...]) -> tuple[IR, list[Path]]:
    """The IR of the input, and every file read for it: an `.ir.kdl` file as it is, or
    spec files compiled (errors are reported and the command exits 1 before anything is
    written)."""
    from mizan_spec.compile import compile_spec
    from mizan_spec.ir.load import IRError, load_ir

    if len(paths) == 1 and paths[0].name.endswith(".ir.kdl") and paths[0].is_file():
        try:
            return load_ir(paths[0].read_text(encoding="utf-8")), [paths[0]]
        except (IRError, UnicodeDecodeError) as e:
            raise click.ClickException(f"{paths[0]}: not a valid Mizan IR file: {e}") from None
    result = compile_spec(list(paths) or [Path(".")])
    if result.ir is None:
        report(result, "text", to_stderr=True)
        sys.exit(1)
    if result.diagnostics:
        report(result, "text", to_stderr=True)
    return result.ir, [Path(f.path) for f in result.files]


def spec_label(paths: tuple[Path, ...], out: Path) -> str:
    """The input as the generated headers name it: relative to the output directory, so
    the same command gives the same bytes from any working directory."""
    shown = [Path(os.path.relpath(p.resolve(), out.resolve())).as_posix() for p in paths]
    return " ".join(shown) or "."


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
    label = spec_label(paths, out)
    options = {"command": "gen python", "backend": backend, "label": label}
    if not force and is_up_to_date(options, inputs, out) and (out / SCAFFOLD).exists():
        click.echo(f"{out}: up to date", err=True)
        return
    # the pipeline and the generators load only when there is work to do
    from mizan_spec.generate.python.render import render_python
    from mizan_spec.generate.typescript.output import MANIFEST, OutputError, write_files

    ir, read = load_input(paths)
    package = render_python(ir, backend="fastapi" if backend == "fastapi" else "django",
                            spec_label=label)
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
