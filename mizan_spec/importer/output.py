"""Writing the imported spec: only after `verify`, never over an existing spec file
without `--force`, and never into a directory whose other spec files would join it."""

from __future__ import annotations

from pathlib import Path

from mizan_spec.importer.layout import SUFFIX, SpecFile
from mizan_spec.io import write_if_changed


class OutputError(Exception):
    """The spec cannot be written there; the message says why."""


def refusals(files: list[SpecFile], out: Path, force: bool) -> list[str]:
    """Why writing `files` into `out` must not happen (empty when it may)."""
    if out.exists() and not out.is_dir():
        return [f"{out} is not a directory"]
    planned = {f.name for f in files}
    problems: list[str] = []
    existing = sorted(p.name for p in out.glob(f"*{SUFFIX}")) if out.is_dir() else []
    taken = [n for n in existing if n in planned]
    if taken and not force:
        problems.append(f"{', '.join(taken)} already exist{'s' if len(taken) == 1 else ''} "
                        f"in {out}; pass --force to overwrite")
    others = [n for n in existing if n not in planned]
    if others:
        problems.append(f"{out} already holds {', '.join(others)}, which would become part "
                        "of the imported spec; import into an empty directory")
    return problems


def write_files(files: list[SpecFile], out: Path) -> list[Path]:
    """Write every file (atomically, each); the paths written."""
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for f in files:
            path = out / f.name
            write_if_changed(path, f.text.encode("utf-8"))
            written.append(path)
    except OSError as e:
        raise OutputError(f"cannot write into {out}: {e.strerror or e}") from None
    return written
