"""Parsing one file: bytes to a positioned Node tree, or syntax diagnostics with positions.

ckdl decides validity and decodes values (always as KDL 2.0); the span scanner says
where things are. When ckdl rejects a file, the scanner names the first place it cannot
read; when the scanner reads it all, the error is found by bisecting the file with ckdl
at node and entry boundaries, so it lands on the entry that breaks the document.
"""

from __future__ import annotations

import re

import ckdl

from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Span
from mizan_spec.parse.document import ParsedFile, SpanBase
from mizan_spec.parse.source import MAX_FILE_BYTES, SourceText
from mizan_spec.parse.spans import ScanError, scan, syntax_checkpoints

_DISALLOWED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
_MAX_REPORTED_CHARACTERS = 20


def decode(path: str, data: bytes) -> tuple[SourceText | None, list[Diagnostic]]:
    """Strict UTF-8 decoding with located errors; size limited."""
    if len(data) > MAX_FILE_BYTES:
        return None, [Diagnostic(
            codes.FILE_TOO_LARGE, Span.whole(path),
            f"the file is {len(data):,} bytes; specs may be at most {MAX_FILE_BYTES:,} bytes",
            "split it into several files joined with `include`",
        )]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        good = data[: e.start].decode("utf-8")
        source = SourceText(path, good)
        return None, [Diagnostic(
            codes.INVALID_UTF8, source.span(len(good)),
            f"byte 0x{data[e.start]:02X} at offset {e.start} is not valid UTF-8",
            "save the file as UTF-8",
        )]
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # a leading BOM is allowed; keep columns where editors put them
    return SourceText(path, text), []


def parse_source(source: SourceText, base: SpanBase | None = None,
                 ) -> tuple[ParsedFile | None, list[Diagnostic]]:
    """The parsed file, or the diagnostics that stop it parsing (`base`: an earlier
    version's scan, for finding positions, see `document`)."""
    text = source.text
    found = _DISALLOWED.finditer(text)
    bad = [m for _, m in zip(range(_MAX_REPORTED_CHARACTERS), found, strict=False)]
    if bad:
        return None, [Diagnostic(
            codes.DISALLOWED_CHAR,
            source.span(m.start(), m.start() + 1),
            f"code point U+{ord(m.group()):04X} is not allowed in a KDL document",
            "remove it, or write it as an escape such as `\\u{...}` inside a string",
        ) for m in bad]
    try:
        document = ckdl.parse(text, version=2)
    except ckdl.ParseError as e:
        return None, [_locate_syntax_error(source, str(e))]
    except (ValueError, OverflowError, RecursionError, MemoryError) as e:  # never a traceback
        return None, [Diagnostic(codes.SYNTAX, source.span(0), f"the file cannot be parsed: {e}")]
    return ParsedFile(source, document.nodes, base), []


def _locate_syntax_error(source: SourceText, ckdl_message: str) -> Diagnostic:
    text = source.text
    detail = ""
    if ckdl_message not in ("", "Parse error"):
        detail = f" ({ckdl_message[0].lower()}{ckdl_message[1:]})"
    try:
        scan(text)
    except ScanError as e:
        return Diagnostic(codes.SYNTAX, source.span(e.offset, e.offset + 1), e.message, e.hint)
    checkpoints = syntax_checkpoints(text)
    lo, hi = 0, len(checkpoints)
    while lo < hi:  # the first checkpoint whose prefix ckdl rejects
        mid = (lo + hi) // 2
        end, depth, _ = checkpoints[mid]
        if _parses(text[:end] + "\n" + "}" * depth):
            lo = mid + 1
        else:
            hi = mid
    blame = checkpoints[lo][2] if lo < len(checkpoints) else _last_token(text)
    return Diagnostic(
        codes.SYNTAX, source.span(blame, blame + 1), f"invalid KDL 2.0 here{detail}",
        "entries are separated by whitespace; strings with spaces or brackets need quotes",
    )


def _parses(text: str) -> bool:
    try:
        ckdl.parse(text, version=2)
    except ckdl.ParseError:
        return False
    return True


def _last_token(text: str) -> int:
    stripped = text.rstrip()
    return max(0, len(stripped) - 1)
