"""`mizan-spec breaking`: what this spec change breaks for deployed clients.

Compares the spec (paths, or the configured ones) with a baseline: `--against PATH` or
`--against REV` (a git revision; its merge-base with HEAD is used). Exit 0 when nothing
unacknowledged reaches the failing grade (`--fail-on`, default error), 1 when something
does, 2 when either spec cannot be compiled or the baseline cannot be found.
Acknowledge a change with `--accept ID`, `[tool.mizan-spec.breaking] accept`, or an
`accept-break "ID"` node in the spec.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from mizan_spec.breaking import report
from mizan_spec.breaking.baseline import BaselineError, materialise
from mizan_spec.breaking.compare import compare
from mizan_spec.breaking.locate import finding_spans
from mizan_spec.cli.compiling import compile_paths
from mizan_spec.cli.options import default_paths, paths_argument
from mizan_spec.compile import Compilation
from mizan_spec.config import GRADES, Config, ConfigError, load_config
from mizan_spec.diagnostics.render import render_text

ACCEPT_NODE = "accept-break"


def _compiled(paths: list[Path], what: str, config: Config | None = None) -> Compilation:
    result = compile_paths(paths, config)
    if result.ir is None:
        click.echo(render_text(result.errors, result.sources), nl=False, err=True)
        click.echo(f"mizan-spec: the {what} spec has errors; fix them first", err=True)
        sys.exit(2)
    return result


def _accepted_in_spec(result: Compilation) -> set[str]:
    return {str(a) for f in result.files for n in f.nodes if n.name == ACCEPT_NODE
            for a in n.args if isinstance(a, str)}


@click.command()
@paths_argument
@click.option("--against", "against", metavar="REV|PATH",
              help="The baseline: a spec path, or a git revision (its merge-base with HEAD).")
@click.option("--accept", "accept", multiple=True, metavar="ID",
              help="Acknowledge a finding by id (repeatable), e.g. function-removed:get_post.")
@click.option("--fail-on", type=click.Choice(GRADES), default=None,
              help="The lowest grade that fails the check (default: error, or the config's).")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "github", "sarif")),
              default="text", show_default=True, help="How to print the findings.")
def breaking(paths: tuple[Path, ...], against: str | None, accept: tuple[str, ...],
             fail_on: str | None, fmt: str) -> None:
    """Compare the spec with a baseline and grade every change that affects clients."""
    try:
        project = load_config()
    except ConfigError as e:
        raise click.UsageError(str(e)) from e
    config = project.breaking
    against = against or config.against
    if not against:
        raise click.UsageError("give a baseline with --against (or [tool.mizan-spec.breaking] "
                               "against)")
    spec_paths = default_paths(paths)
    current = _compiled(spec_paths, "current", project)
    if Path(against).exists():
        baseline_paths, label = [Path(against)], against
    else:
        try:
            baseline_paths, commit = materialise(against, spec_paths)
        except BaselineError as e:
            click.echo(f"mizan-spec: cannot read the baseline `{against}`: {e}", err=True)
            sys.exit(2)
        label = f"{against} (merge-base {commit})"
    baseline = _compiled(baseline_paths, "baseline")
    assert baseline.ir is not None and current.ir is not None
    accepted = set(accept) | set(config.accept) | _accepted_in_spec(current)
    findings = [dataclasses.replace(f, accepted=f.id in accepted)
                for f in compare(baseline.ir, current.ir)]
    for stale in sorted(accepted - {f.id for f in findings}):
        click.echo(f"mizan-spec: note: the acknowledgement `{stale}` matches no change "
                   "(a typo, or the change is gone: remove it)", err=True)
    spans = finding_spans(findings, current)
    renderer = {"text": report.render_text, "json": report.render_json,
                "github": report.render_github, "sarif": report.render_sarif}[fmt]
    click.echo(renderer(findings, spans), nl=False)
    bad = report.failing(findings, fail_on or config.fail_on)
    if fmt == "text":
        click.echo(f"{len(findings)} change{'s' if len(findings) != 1 else ''} against {label}; "
                   f"{len(bad)} unacknowledged at or above "
                   f"`{fail_on or config.fail_on}`", err=True)
    sys.exit(1 if bad else 0)
