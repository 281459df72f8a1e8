"""Formatting one spec file: refuse what does not parse, print, and prove it unchanged.

Only files ckdl accepts are formatted; anything else comes back as the same syntax
diagnostics `mizan-spec check` gives. The output is checked against the input with
`verify.same_document`; multi-line strings are re-indented only when that check passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic
from mizan_spec.fmt.layout import print_tree
from mizan_spec.fmt.tree import TreeError, read_tree
from mizan_spec.fmt.verify import same_document
from mizan_spec.parse.source import SourceText
from mizan_spec.parse.syntax import decode, parse_source


@dataclass
class Formatted:
    path: str
    original: str | None  # None when the file could not be decoded
    text: str | None  # None when it cannot be formatted (see diagnostics)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: SourceText | None = None

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.original


def format_text(text: str) -> str | None:
    """The canonical form of KDL text ckdl accepts, or None if it cannot be formatted
    without changing the document."""
    try:
        tree = read_tree(text)
    except TreeError:
        return None
    for reindent in (True, False):
        out = print_tree(tree, reindent_strings=reindent)
        if same_document(text, out):
            return out
    return None


def format_bytes(path: str, data: bytes) -> Formatted:
    source, problems = decode(path, data)
    if source is None:
        return Formatted(path, None, None, problems)
    parsed, problems = parse_source(source)
    if parsed is None:
        return Formatted(path, source.text, None, problems, source)
    text = source.text
    if text.startswith(" ") and data.startswith(b"\xef\xbb\xbf"):
        text = text[1:]  # a byte order mark is dropped by formatting
    out = format_text(text)
    if out is None:
        return Formatted(path, source.text, None, [Diagnostic(
            codes.SYNTAX, source.span(0),
            "this file cannot be formatted without changing what it means",
            "please report it; the file itself is valid")], source)
    return Formatted(path, data.decode("utf-8"), out, [], source)
