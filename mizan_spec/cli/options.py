"""Options and output shared by commands: spec paths, diagnostic formats, reporting."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mizan_spec.diagnostics.render import render_github, render_json, render_text, summary

if TYPE_CHECKING:  # the pipeline loads only when a command compiles
    from mizan_spec.compile import Compilation
from mizan_spec.config import Config, ConfigError, load_config

FORMATS = ("text", "json", "github", "sarif")

paths_argument = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path),
)


def project_config() -> Config:
    """`[tool.mizan-spec]` of the nearest pyproject.toml; a malformed one is a usage error."""
    try:
        return load_config()
    except ConfigError as e:
        raise click.UsageError(str(e)) from e


def default_paths(paths: tuple[Path, ...]) -> list[Path]:
    """The paths given, else `[tool.mizan-spec] paths` of the project, else `.`."""
    if paths:
        return list(paths)
    configured = project_config().paths
    for path in configured:
        if not path.exists():
            raise click.UsageError(f"configured spec path {path} does not exist")
    return configured or [Path(".")]


def format_option(choices: tuple[str, ...]) -> Callable[[Any], Any]:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default="text", show_default=True,
        help="How to print diagnostics: text for people, json for tools, github for Actions, "
             "sarif for code scanning.",
    )


def render(result: Compilation, fmt: str) -> str:
    if fmt == "json":
        return render_json(result.diagnostics)
    if fmt == "github":
        return render_github(result.diagnostics)
    if fmt == "sarif":
        from mizan_spec.diagnostics.sarif import render_sarif

        return render_sarif(result.diagnostics)
    return render_text(result.diagnostics, result.sources)


def report(result: Compilation, fmt: str, *, to_stderr: bool) -> None:
    """Print the diagnostics in `fmt`; in text, a one-line summary follows on stderr."""
    text = render(result, fmt)
    if text:
        click.echo(text, nl=False, err=to_stderr)
    if fmt == "text" and (result.diagnostics or not to_stderr):
        sys.stdout.flush()  # keep the summary after the diagnostics on a shared terminal
        files = len(result.checked)  # a file that did not parse was still checked
        click.echo(f"{summary(result.diagnostics)} ({files} file{'s' if files != 1 else ''})",
                   err=True)


class OutputProblem(click.ClickException):
    """The output cannot be written where the command line says (a user's mistake)."""

    exit_code = 2


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest part of `path` that exists and is not a directory."""
    for part in [path, *path.parents]:
        if part.exists() or part.is_symlink():
            return None if part.is_dir() else part
    return None


@contextlib.contextmanager
def writing_output(target: Path) -> Iterator[None]:
    """Report a file system error while writing `target` (an `--out` under a regular
    file, an unwritable place, a full disk) in one plain line, and exit 2."""
    try:
        yield
    except OSError as e:
        where = Path(e.filename) if isinstance(e.filename, str) else target
        if isinstance(e, NotADirectoryError | FileExistsError) and (
                blocker := _file_in_the_way(where)) is not None:
            reason = f"{blocker} is a file, not a directory"
        else:
            reason = "permission denied" if isinstance(e, PermissionError) else (
                e.strerror or type(e).__name__).lower()
            if where != target:
                reason += f" ({where})"
        raise OutputProblem(f"cannot write {target}: {reason}") from None
