"""Which spec a file belongs to, for checking it with everything it is checked with.

With `[tool.mizan-spec] paths` configured, a file under one of them belongs to the
project's spec (all configured paths together); any other file is checked with the
`.mizan.kdl` files of its own directory and below, as `mizan-spec check DIR` would.
"""

from __future__ import annotations

from pathlib import Path

from mizan_spec.config import Config


def _under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def unit_roots(path: Path, config: Config) -> tuple[str, ...]:
    """The paths to compile so that `path` is checked in its spec."""
    path = path.resolve()
    configured = [p.resolve() for p in config.paths]
    if any(_under(path, root) for root in configured):
        return tuple(str(p) for p in configured)
    return (str(path.parent),)


def in_unit(path: str, roots: tuple[str, ...]) -> bool:
    p = Path(path)
    return any(_under(p, Path(r)) for r in roots)
