"""Source text: reading spec files safely and mapping offsets to lines and columns."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from mizan_spec.diagnostics.model import Span

MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest spec file accepted. Larger files get a diagnostic instead of a parse."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class SourceText:
    """The decoded text of one file, with its display path (relative where possible)."""

    path: str
    text: str
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
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
