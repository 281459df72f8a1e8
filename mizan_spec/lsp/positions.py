"""Column conversion: our spans count code points from 1; LSP columns count from 0 in the
units the client and server agreed on (UTF-16 unless the client offers UTF-8 or UTF-32)."""

from __future__ import annotations

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _width(ch: str, encoding: str) -> int:
    if encoding == UTF32:
        return 1
    if encoding == UTF8:
        return len(ch.encode("utf-8", "surrogatepass"))
    return 2 if ord(ch) > 0xFFFF else 1


def client_col(line: str, col: int, encoding: str = UTF16) -> int:
    """0-based client column of a 1-based code point column on `line`."""
    prefix = line[: max(col - 1, 0)]
    if encoding == UTF32 or prefix.isascii():
        return len(prefix)
    return sum(_width(ch, encoding) for ch in prefix)


def codepoint_col(line: str, character: int, encoding: str = UTF16) -> int:
    """1-based code point column of a 0-based client column on `line` (clamped)."""
    units = 0
    for index, ch in enumerate(line):
        if units >= character:
            return index + 1
        units += _width(ch, encoding)
    return len(line) + 1
