"""Source text: a decoded file, offsets mapped to lines and columns, and whether it is a spec.

A file is a spec when its first node is `mizan N` (after blank lines and comments). Any
other file (a README, /etc/passwd reached by a symbolic link) is never parsed or quoted:
its content stays out of every diagnostic, log and editor.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from mizan_spec.diagnostics.model import Span

MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest spec file accepted. Larger files get a diagnostic instead of a parse."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BLANKS = re.compile(
    "(?:[\t\x0b \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff\n\r\x85\x0c\u2028\u2029]++"
    "|//[^\n\r\x85\x0c\u2028\u2029]*+)*+"
)
_COMMENT_PART = re.compile(r"/\*|\*/")
_VERSION = re.compile(r"mizan[\t \u00a0\u3000]++[0-9]")


def starts_as_spec(text: str) -> bool:
    """Whether the text's first node is `mizan N` (blank lines and comments, nested block
    comments included, may come before it). Linear in the text it looks at."""
    pos = 0
    while True:
        blanks = _BLANKS.match(text, pos)
        pos = blanks.end() if blanks else pos
        if not text.startswith("/*", pos):
            return _VERSION.match(text, pos) is not None
        depth = 0
        for part in _COMMENT_PART.finditer(text, pos):
            depth += 1 if part.group() == "/*" else -1
            if depth == 0:
                pos = part.end()
                break
        else:
            return False


@dataclass
class SourceText:
    """The decoded text of one file, with its display path (relative where possible)."""

    path: str
    text: str
    _line_starts: list[int] = field(default_factory=list, repr=False)
    is_spec: bool = field(default=False, init=False)  # may its lines be quoted?

    def __post_init__(self) -> None:
        self.is_spec = starts_as_spec(self.text)
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK.finditer(self.text))
        self._line_starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a code point offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def span(self, start: int, end: int | None = None) -> Span:
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(start if end is None else max(start, end))
        return Span(self.path, line, col, end_line, end_col)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def offset(self, line: int, col: int) -> int:
        """Code point offset of a 1-based line and column (clamped to the text)."""
        line = max(1, min(line, len(self._line_starts)))
        return min(self._line_starts[line - 1] + max(col, 1) - 1, len(self.text))
