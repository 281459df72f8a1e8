"""`mizan-spec gen typescript`: the TypeScript client (and, with --react, --vue or
--svelte, the bindings of that front end)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mizan_spec.cli.inputs import input_label, load_input
from mizan_spec.cli.options import writing_output


@click.command("typescript")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write the client into (created if missing).")
@click.option("--react", is_flag=True, help="Also write React bindings (react.ts).")
@click.option("--vue", is_flag=True, help="Also write Vue 3 composables (vue.ts, live.ts).")
@click.option("--svelte", is_flag=True, help="Also write Svelte 5 stores (svelte.ts, live.ts).")
def typescript(paths: tuple[Path, ...], out: Path, react: bool, vue: bool, svelte: bool) -> None:
    """Write a typed TypeScript client for a spec (files or directories) or an IR file.

    Files the previous run made and this one does not are removed; other files in the
    directory are never touched. The directory switches from the old files to the new
    all at once."""
    from mizan_spec.generate.output import OutputError, recover, write_files
    from mizan_spec.generate.typescript import GenerateError, generate_typescript

    try:
        with writing_output(out):
            if recover(out):
                click.echo(f"{out}: completed a run that was interrupted", err=True)
    except OutputError as e:
        click.echo(f"mizan-spec: {e}", err=True)
        sys.exit(1)
    ir, _ = load_input(paths)
    try:
        files = generate_typescript(ir, input_label(paths, out), react=react, vue=vue,
                                    svelte=svelte)
        with writing_output(out):
            written, removed = write_files(out, files)
    except (GenerateError, OutputError) as e:
        click.echo(f"mizan-spec: {e}", err=True)
        sys.exit(1)
    click.echo(f"{out}: {len(written)} written, {len(files) - len(written)} unchanged"
               + (f", {len(removed)} removed" if removed else ""), err=True)
