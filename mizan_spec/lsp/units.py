"""Which spec a buffer belongs to, and the paths to compile to check it in that spec.

With `[tool.mizan-spec] paths` configured, a file under one of them belongs to the
project's spec (all configured paths together); any other file is checked with the
`.mizan.kdl` files of its own directory and below, as `mizan-spec check DIR` would.
A buffer belongs to its unit whether or not it exists on disk yet: a new spec file is
checked with its folder while it is typed, before its first save. An `untitled:` buffer
has no folder and is checked on its own, under a path of its own that names no file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, urlparse

from mizan_spec.config import Config
from mizan_spec.parse.loader import SPEC_SUFFIX

UNTITLED_SCHEME = "untitled"
_UNTITLED_DIR = Path(tempfile.gettempdir()).resolve() / "mizan-spec-untitled"


def untitled_path(uri: str) -> str | None:
    """The stand-in path of an `untitled:` buffer (None for any other URI). Nothing is
    ever written there: the buffer's text is all the check reads."""
    if urlparse(uri).scheme != UNTITLED_SCHEME:
        return None
    return str(_UNTITLED_DIR / f"{quote(uri, safe='')}{SPEC_SUFFIX}")


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def unit_roots(path: Path, config: Config) -> tuple[str, ...]:
    """The paths to compile so that `path` is checked in its spec."""
    path = path.resolve()
    if path.parent == _UNTITLED_DIR:
        return (str(path),)
    configured = [p.resolve() for p in config.paths]
    if any(_under(path, root) for root in configured):
        return tuple(str(p) for p in configured)
    return (str(path.parent),)


def in_unit(path: str, roots: tuple[str, ...]) -> bool:
    p = Path(path)
    if p.parent == _UNTITLED_DIR and roots != (path,):
        return False  # untitled buffers are in no unit but their own
    return any(_under(p, Path(r)) for r in roots)


def _has_spec_files(directory: Path) -> bool:
    return any(p.is_file() for p in directory.rglob(f"*{SPEC_SUFFIX}"))


def unit_paths(roots: Iterable[Path], buffers: Iterable[Path]) -> list[Path]:
    """What to compile for a unit: its roots, plus each of its spec buffers that is not on
    disk yet (a directory only contributes the files it holds). A root with no spec file
    on disk (an empty or missing folder) is left out unless it is a buffer, so a folder
    whose first file is still unsaved is not reported as empty, and discarding that file
    leaves nothing to report."""
    roots, buffers = list(roots), set(buffers)
    fresh = sorted((b for b in buffers if b.name.endswith(SPEC_SUFFIX) and b not in roots
                    and not b.is_file()), key=lambda p: p.as_posix())
    kept = [r for r in roots
            if r in buffers or r.is_file() or (r.is_dir() and _has_spec_files(r))]
    return kept + fresh
