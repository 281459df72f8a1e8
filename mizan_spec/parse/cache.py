"""Parsed files kept between compilations of the same spec (the language server's worker).

An entry is reused only for the very same bytes under the same displayed path, so a
cache never serves a stale parse: any edit, on disk or in a buffer, parses that file
again and only that file. Entries a compilation did not reach are dropped after it
(`sweep`), so the cache holds one spec's files and no more. An entry replaced by an
edit still lends its span scan to the new parse (`base`), so positions in the edited
file are found by scanning again only around the change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mizan_spec.diagnostics.model import Diagnostic
from mizan_spec.parse.document import ParsedFile, SpanBase
from mizan_spec.parse.source import SourceText


@dataclass(frozen=True)
class CachedParse:
    """One file's bytes and what reading them gave: text, parse and problems."""

    data: bytes
    source: SourceText | None
    parsed: ParsedFile | None
    problems: tuple[Diagnostic, ...]
    base: SpanBase | None = None  # handed on when this version did not parse

    def span_base(self) -> SpanBase | None:
        return self.parsed.span_base() if self.parsed is not None else self.base


@dataclass
class ParseCache:
    """The parsed files of one spec, by path, with hit and miss counts."""

    entries: dict[tuple[Path, str], CachedParse] = field(default_factory=dict)
    used: set[tuple[Path, str]] = field(default_factory=set)
    hits: int = 0
    misses: int = 0

    def get(self, key: Path, shown: str, data: bytes) -> CachedParse | None:
        self.used.add((key, shown))
        found = self.entries.get((key, shown))
        if found is None or found.data != data:
            self.misses += 1
            return None
        self.hits += 1
        return found

    def base(self, key: Path, shown: str) -> SpanBase | None:
        """The span scan of the file's last cached version, if any (see `get`)."""
        found = self.entries.get((key, shown))
        return found.span_base() if found is not None else None

    def put(self, key: Path, shown: str, entry: CachedParse) -> None:
        self.entries[(key, shown)] = entry

    def sweep(self) -> None:
        """Forget the files the last compilation did not read."""
        self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        self.used = set()
