"""Knowing, without compiling, that a generated directory is already up to date.

After a run, `.mizan-stamp` records what produced the output: the generator's version,
a fingerprint of its code and templates, its options, the SHA-256 of every input file
that was read (includes too), the spec files each input directory held, and the SHA-256
of every file written. When all of it still holds, regenerating would write the same
bytes, so a run stops there: fast at any size. Any difference (an edited spec, a new
file in a spec directory, a generated file touched by hand, another generator) means a
full run.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from mizan_spec import __version__
from mizan_spec.io import write_if_changed
from mizan_spec.parse.loader import SPEC_SUFFIX

STAMP = ".mizan-stamp"


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _listing(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix()
                  for p in directory.rglob(f"*{SPEC_SUFFIX}") if p.is_file())


def _key(path: Path, out: Path) -> str:
    """A path as the stamp records it: relative to the output directory (so a committed
    stamp means the same on every machine)."""
    return Path(os.path.relpath(path.resolve(), out.resolve())).as_posix()


@functools.cache
def generator_fingerprint() -> str:
    """SHA-256 over the generator's own code and templates, and the model generator's
    version: a changed generator means a real run even when the version number did not
    move (a development checkout, a patched install)."""
    from importlib.metadata import PackageNotFoundError, version

    from mizan_spec.generate.templates import templates_root

    digest = hashlib.sha256()
    with contextlib.suppress(PackageNotFoundError):
        digest.update(version("datamodel-code-generator").encode())
    roots = [Path(__file__).resolve().parent, templates_root()]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()
                           and p.suffix in (".py", ".j2") and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def make_stamp(options: dict[str, Any], inputs: list[Path], read: list[Path], out: Path,
               written: list[str]) -> dict[str, Any]:
    """`written` names every file of the run, the manifest included."""
    return {
        "version": __version__,
        "generator": generator_fingerprint(),
        "options": options,
        "directories": {_key(p, out): _listing(p) for p in inputs if p.is_dir()},
        "inputs": {_key(p, out): _digest(p) for p in sorted(set(read))},
        "outputs": {name: _digest(out / name) for name in sorted(written)},
    }


def write_stamp(out: Path, stamp: dict[str, Any]) -> None:
    write_if_changed(out / STAMP, (json.dumps(stamp, indent=1, sort_keys=True) + "\n").encode())


def is_up_to_date(options: dict[str, Any], inputs: list[Path], out: Path) -> bool:
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("version") != __version__ or stamp.get(
            "options") != options or stamp.get("generator") != generator_fingerprint():
        return False
    directories = {_key(p, out): p for p in inputs if p.is_dir()}
    if set(directories) != set(stamp.get("directories", {})):
        return False
    for key, directory in directories.items():
        if _listing(directory) != stamp["directories"][key]:
            return False
    files = {_key(p, out) for p in inputs if not p.is_dir()}
    recorded: dict[str, Any] = stamp.get("inputs", {})
    if not files <= set(recorded):
        return False
    if any(_digest(out / path) != digest for path, digest in recorded.items()):
        return False
    outputs: dict[str, Any] = stamp.get("outputs", {})
    return bool(outputs) and all(_digest(out / name) == digest for name, digest in outputs.items())
