"""The import, end to end: plan the files, prove them, report what the IR cannot hold,
write. Nothing is written unless the proof holds and the output may be written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mizan_spec.diagnostics.model import Diagnostic
from mizan_spec.importer.layout import SpecFile, plan_files
from mizan_spec.importer.losses import Loss, find_losses
from mizan_spec.importer.output import refusals, write_files
from mizan_spec.importer.sources import ImportSource
from mizan_spec.importer.verify import verify
from mizan_spec.parse.source import SourceText


@dataclass
class ImportResult:
    files: list[SpecFile]
    losses: list[Loss] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why nothing was written
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceText] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)


def default_split(source: ImportSource) -> str:
    """Per Python module when the app spans several; an IR file has no such split."""
    return "module" if len(set(source.modules.values())) > 1 else "none"


def import_spec(source: ImportSource, out: Path, split: str | None = None, *,
                force: bool = False, dry_run: bool = False) -> ImportResult:
    files = plan_files(source.ir, split or default_split(source), source.modules)
    result = ImportResult(files)
    if source.registry is not None:
        result.losses = find_losses(source.registry)
    verdict = verify(files, source.ir_text, out)
    if not verdict.ok:
        result.diagnostics, result.sources = verdict.diagnostics, verdict.sources
        result.problems.append(
            "the spec would not give back the app's IR"
            + (f" ({verdict.first_difference})" if verdict.first_difference else "")
            + (": the checker refuses it (below); rename what it names in the app, "
               "export again and re-run" if verdict.diagnostics else ""))
        return result
    result.problems = refusals(files, out, force)
    if not result.problems and not dry_run:
        result.written = write_files(files, out)
    return result
