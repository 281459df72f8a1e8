"""`mizan-spec gen python`: a typed FastAPI or Django server package from a spec or IR.

The package is switched from the old files to the new all at once (see
`generate/output.py`); a package made for the other backend is left alone unless
`--force backend` says to switch; and every run ends by naming the methods `impl.py`
lacks or declares differently from the interface, as stubs to paste (unless the run has
just written `impl.py` from the scaffold, which is made from the interface's own views:
tests/generate/test_impl_status.py holds every example's scaffold to that).
"""

from __future__ import annotations

from pathlib import Path

import click

from mizan_spec.cli.compiling import collector_paused
from mizan_spec.cli.inputs import input_label, load_input
from mizan_spec.cli.options import project_config, writing_output
from mizan_spec.generate.output import OutputError, recover
from mizan_spec.generate.stamp import STAMP, is_up_to_date, recorded_backend

SCAFFOLD = "impl.py"
BACKENDS = ("fastapi", "django")
FORCE_BACKEND = "backend"


@click.command("python")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--backend", type=click.Choice(BACKENDS), required=True,
              help="The framework the generated wiring serves from.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The package directory to generate (created if missing).")
@click.option("--force", "force", multiple=True, metavar="WHAT",
              help=f"`{SCAFFOLD}`: overwrite the scaffold, losing your edits; "
                   f"`{FORCE_BACKEND}`: switch a package made for the other backend.")
@click.option("--style", type=click.Choice(("sync", "async")), default=None,
              help="`def` or `async def` server functions and predicates (default: "
                   "`python-style` of [tool.mizan-spec], else sync).")
def python(paths: tuple[Path, ...], backend: str, out: Path, force: tuple[str, ...],
           style: str | None) -> None:
    """Generate a typed server package: models, interface, wiring, client, IR, and (once)
    an implementation module that is yours."""
    style = style or project_config().python_style or "sync"
    for name in force:
        if name != FORCE_BACKEND and Path(name).name != SCAFFOLD:
            raise click.BadParameter(f"only {SCAFFOLD} (the scaffold) or {FORCE_BACKEND} can "
                                     f"be forced, not {name!r}", param_hint="--force")
    force_impl = any(Path(name).name == SCAFFOLD for name in force)
    inputs = list(paths) or [Path(".")]
    label = input_label(paths, out)
    options = {"command": "gen python", "backend": backend, "label": label}
    if style == "async":
        options["style"] = style
    with writing_output(out):
        try:
            if recover(out, {SCAFFOLD, STAMP}):
                click.echo(f"{out}: completed a run that was interrupted", err=True)
        except OutputError as e:
            raise click.ClickException(str(e)) from None
        _check_backend(out, backend, FORCE_BACKEND in force)
        if not force_impl and is_up_to_date(options, inputs, out) and (out / SCAFFOLD).exists():
            click.echo(f"{out}: up to date", err=True)
            _report_impl(out, (out / "interface.py").read_text(encoding="utf-8"))
            return
    # the collector is paused for the whole run, as for a compile (cli/compiling.py): the
    # model generator, too, allocates hundreds of thousands of objects that live until it
    # ends, and its heap would make every full collection after it walk them all
    with collector_paused():
        _generate(paths, out, backend, style, options, inputs, force_impl)


def _generate(paths: tuple[Path, ...], out: Path, backend: str, style: str,
              options: dict[str, str], inputs: list[Path], force_impl: bool) -> None:
    """Render the package and switch `out` to it; report what changed and what impl.py
    lacks (`options`: what the stamp records, the headers' input label among them)."""
    # the pipeline and the generators load only when there is work to do
    from mizan_spec.generate.output import MANIFEST, manifest_text, write_files
    from mizan_spec.generate.python.render import render_python
    from mizan_spec.generate.python_client import PythonClientError
    from mizan_spec.generate.stamp import make_stamp, stamp_text

    ir, read = load_input(paths)
    from mizan_spec.generate.python.channels import clashes
    if problems := clashes(ir):
        raise click.ClickException("; ".join(problems))
    try:
        package = render_python(ir, backend="fastapi" if backend == "fastapi" else "django",
                                spec_label=options["label"],
                                style="async" if style == "async" else "sync")
    except PythonClientError as e:
        raise click.ClickException(str(e)) from None
    previous = _generated_text(out / "interface.py")
    outputs = {**package.generated, MANIFEST: manifest_text(package.generated)}
    stamp = stamp_text(make_stamp(options, inputs, read, out, outputs))
    with writing_output(out):
        try:
            written, removed = write_files(out, package.generated, scaffold=package.scaffold,
                                           replace_scaffold=force_impl,
                                           bookkeeping={STAMP: stamp})
        except OutputError as e:
            raise click.ClickException(str(e)) from None
    for name in written:
        click.echo(f"wrote {out / name}", err=True)
    for name in removed:
        click.echo(f"removed {out / name}", err=True)
    if not written and not removed:
        click.echo(f"{out}: up to date", err=True)
    if SCAFFOLD not in written:  # a scaffold this run wrote is the interface's own stubs
        _report_impl(out, package.generated["interface.py"], previous)


def _generated_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _check_backend(out: Path, backend: str, force: bool) -> None:
    """Refuse to turn a package made for one backend into one for the other, unasked."""
    current = recorded_backend(out)
    if current in BACKENDS and current != backend and not force:
        raise click.ClickException(
            f"{out} holds a package generated for {current}, not {backend}: regenerating it "
            f"with --backend {backend} would rewrite its wiring.py and __init__.py for "
            f"{backend}, and an app that mounts it for {current} would stop working. Pass "
            f"--force {FORCE_BACKEND} to switch it to {backend} (your {SCAFFOLD} is kept), or "
            "choose another --out.")


def _report_impl(out: Path, interface_text: str, previous: str | None = None) -> None:
    """Name what impl.py lacks or declares differently, with stubs to paste, and what it
    has that the spec dropped (`previous` is the interface.py this run replaced)."""
    from mizan_spec.generate.python.impl_status import IMPLEMENTATION, impl_status

    path = out / SCAFFOLD
    try:
        impl_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        click.echo(f"{path}: cannot be read ({e}), so it was not checked", err=True)
        return
    with collector_paused():  # its syntax trees are freed by reference counting
        status = impl_status(interface_text, impl_text, previous)
    if status.note is not None:
        click.echo(f"{path}: {status.note}", err=True)
        return
    if status.dropped:
        click.echo(f"{path}: the spec no longer declares {', '.join(status.dropped)}; "
                   "delete or keep as you like", err=True)
    if not status.problems:
        return
    count = len(status.problems)
    lines = [f"{path} does not match the spec: {count} method{'s' if count != 1 else ''} "
             "to add or fix"]
    lines += [f"  - {p.name}: {p.problem}" for p in status.problems]
    if status.imports:
        lines += ["", f"Add these imports to {path}:", "", *status.imports]
    lines += ["", f"Paste into class {IMPLEMENTATION} (in place of the methods that differ):"]
    for problem in status.problems:
        lines += ["", problem.stub]
    click.echo("\n".join(lines), err=True)
