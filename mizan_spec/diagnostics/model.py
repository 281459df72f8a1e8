"""The Diagnostic record: a stable code, a span, a message, an optional hint and related places."""

from __future__ import annotations

from dataclasses import dataclass, field

from mizan_spec.diagnostics.codes import Code, Severity


@dataclass(frozen=True, order=True)
class Span:
    """A range in a file. Lines and columns are 1-based and count Unicode code points.

    Line 0 means the problem concerns the file (or directory) as a whole.
    """

    path: str
    line: int
    col: int
    end_line: int
    end_col: int

    @classmethod
    def whole(cls, path: str) -> Span:
        return cls(path, 0, 0, 0, 0)


@dataclass(frozen=True)
class Related:
    """Another place that explains a diagnostic ("first declared here")."""

    span: Span
    message: str


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a spec: what (its code and message), where, and how to fix it."""

    code: Code
    span: Span
    message: str
    hint: str | None = None
    related: tuple[Related, ...] = field(default=())

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.path, self.span.line, self.span.col, self.code.id, self.message)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line, column (then code and message), dropping exact duplicates."""
    unique: dict[tuple[object, ...], Diagnostic] = {}
    for d in diagnostics:
        unique.setdefault((d.code.id, d.span, d.message), d)
    return sorted(unique.values(), key=Diagnostic.sort_key)
