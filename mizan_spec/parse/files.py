"""Reading one spec file from disk: regular files only, never blocking, never unbounded.

A path may name anything: a directory, a named pipe that would block `open`, a device
such as /dev/zero that never ends, a loop of symbolic links, a file the process may not
read. Each of these is refused with its own reason before any byte is read; only a
regular file is opened, without blocking, and at most `MAX_FILE_BYTES + 1` bytes are read.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from mizan_spec.parse.source import MAX_FILE_BYTES


@dataclass(frozen=True)
class Refused:
    """Why a path was not read. `kind` is one of: missing, loop, denied, directory,
    fifo, device, socket, unreadable; `reason` says it in words."""

    kind: str
    reason: str


_NOT_A_FILE = {
    stat.S_IFDIR: ("directory", "it is a directory"),
    stat.S_IFIFO: ("fifo", "it is a named pipe (FIFO)"),
    stat.S_IFCHR: ("device", "it is a character device"),
    stat.S_IFBLK: ("device", "it is a block device"),
    stat.S_IFSOCK: ("socket", "it is a socket"),
}


def _refusal(e: OSError) -> Refused:
    if e.errno in (errno.ENOENT, errno.ENOTDIR):
        return Refused("missing", "it does not exist")
    if e.errno == errno.ELOOP:
        return Refused("loop", "its path is a loop of symbolic links")
    if e.errno in (errno.EACCES, errno.EPERM):
        return Refused("denied", "permission denied")
    return Refused("unreadable", e.strerror or type(e).__name__)


def _kind(mode: int) -> Refused | None:
    if stat.S_ISREG(mode):
        return None
    kind, reason = _NOT_A_FILE.get(stat.S_IFMT(mode), ("unreadable", "it is not a regular file"))
    return Refused(kind, reason)


def read_spec_bytes(path: Path) -> bytes | Refused:
    """The bytes of a regular file (at most one more than a spec may hold), or why not."""
    try:
        refused = _kind(os.stat(path).st_mode)
    except OSError as e:
        return _refusal(e)
    if refused is not None:
        return refused
    try:  # O_NONBLOCK: should the path become a pipe after the check, open does not hang
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        return _refusal(e)
    try:
        refused = _kind(os.fstat(fd).st_mode)
        if refused is not None:
            return refused
        chunks: list[bytes] = []
        left = MAX_FILE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as e:
        return _refusal(e)
    finally:
        os.close(fd)
