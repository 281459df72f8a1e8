"""Writing output files safely: atomically, and not at all when nothing changed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary file and a rename, so a reader never
    sees half a file and a failure leaves the old one intact. Returns False, touching
    nothing (not even the modification time), when the file already holds `data`."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777  # keep an existing file's permissions
    except OSError:
        mode = 0o666 & ~_umask()  # a new file: what open() would have given it
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
