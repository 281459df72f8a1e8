"""`mizan-spec fmt`: rewrite spec files in the canonical layout, or check that they are.

Exit codes: 0 when every file is (now) formatted; 1 with `--check` when some file is
not (a unified diff shows what would change), or when a file cannot be formatted
because it does not parse (its diagnostics are shown); 2 for usage errors, and when a
file that needs formatting cannot be written.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from mizan_spec.cli.options import default_paths, paths_argument
from mizan_spec.diagnostics.render import render_text
from mizan_spec.fmt.format import Formatted, format_bytes
from mizan_spec.io import write_if_changed
from mizan_spec.parse.loader import SPEC_SUFFIX, display_path


def spec_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob(f"*{SPEC_SUFFIX}") if p.is_file()))
        else:
            out.append(path)
    unique: dict[Path, Path] = {}
    for p in out:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def _diff(result: Formatted) -> str:
    return "".join(difflib.unified_diff(
        (result.original or "").splitlines(keepends=True),
        (result.text or "").splitlines(keepends=True),
        fromfile=f"{result.path} (as written)", tofile=f"{result.path} (formatted)"))


@click.command()
@paths_argument
@click.option("--check", is_flag=True,
              help="Change nothing; exit 1 and show a diff if any file is not formatted.")
def fmt(paths: tuple[Path, ...], check: bool) -> None:
    """Format spec files (and the *.mizan.kdl files of directories) in place."""
    files = spec_files(default_paths(paths))
    unformatted = failed = unwritable = 0
    for path in files:
        shown = display_path(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            click.echo(f"{shown}: cannot read this file: {e.strerror}", err=True)
            failed += 1
            continue
        result = format_bytes(shown, data)
        if result.text is None:
            sources = {shown: result.source} if result.source is not None else {}
            click.echo(render_text(result.diagnostics, sources), nl=False, err=True)
            click.echo(f"{shown}: not formatted: fix the errors above first", err=True)
            failed += 1
            continue
        if not result.changed:
            continue
        unformatted += 1
        if check:
            click.echo(_diff(result), nl=False)
        else:
            try:
                write_if_changed(path, result.text.encode("utf-8"))
            except OSError as e:  # a read-only file or directory: the user's to fix
                reason = "permission denied" if isinstance(e, PermissionError) else (
                    e.strerror or type(e).__name__).lower()
                click.echo(f"{shown}: cannot write this file: {reason}", err=True)
                unwritable += 1
                continue
            click.echo(f"formatted {shown}", err=True)
    verb = "would be reformatted" if check else "reformatted"
    click.echo(f"{len(files)} file{'s' if len(files) != 1 else ''} checked, "
               f"{unformatted} {verb}" + (f", {failed} with errors" if failed else "")
               + (f", {unwritable} not writable" if unwritable else ""), err=True)
    sys.exit(2 if unwritable else 1 if failed or (check and unformatted) else 0)
