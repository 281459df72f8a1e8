"""The baseline to compare against: a path, or the spec as it was at a git revision.

For a revision the baseline is the merge-base of HEAD and that revision (what this
branch started from), not the revision's tip, so changes landed on main since do not
show up as this branch's. The spec files at that commit are extracted into a temporary
directory with `git archive`.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path


class BaselineError(Exception):
    """The baseline cannot be found or read; the message says why."""


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as e:
        raise BaselineError(f"cannot run git: {e.strerror}") from e
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BaselineError(f"git {args[0]} failed: {message[-1] if message else 'no output'}")
    return done.stdout


def materialise(rev: str, paths: list[Path]) -> tuple[list[Path], str]:
    """The given spec paths as they were at merge-base(HEAD, rev), extracted into a
    temporary directory; and that commit's id."""
    cwd = Path.cwd()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).decode().strip())
    base = _git(["merge-base", "HEAD", rev], cwd).decode().strip()
    target = Path(tempfile.mkdtemp(prefix="mizan-baseline-"))
    out = []
    for path in paths:
        rel = path.resolve().relative_to(top.resolve()).as_posix() or "."
        data = _git(["archive", "--format=tar", base, "--", rel], top)
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(target, filter="data")
        out.append(target / rel)
    return out, base[:12]
