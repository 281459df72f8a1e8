"""Rendering diagnostics: gcc-style text with a source excerpt, JSON, GitHub annotations.

All renderers take the same sorted diagnostics; only the presentation differs. A line
is quoted only from a source that is a spec (starts with `mizan N`): whatever else a
path may lead to, its content never reaches a terminal, a CI log or an editor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from mizan_spec.diagnostics.codes import Severity
from mizan_spec.diagnostics.model import Diagnostic, Span


class HasLines(Protocol):
    @property
    def is_spec(self) -> bool: ...

    def line_text(self, line: int) -> str: ...


def _where(span: Span) -> str:
    return f"{span.path}:{span.line}:{span.col}:" if span.line else f"{span.path}:"


def _excerpt(span: Span, sources: Mapping[str, HasLines]) -> list[str]:
    source = sources.get(span.path)
    if source is None or span.line < 1 or not source.is_spec:
        return []
    line = source.line_text(span.line)
    if not line and span.col <= 1:
        return []
    width = (span.end_col - span.col) if span.end_line == span.line else len(line) - span.col + 1
    prefix = "".join(ch if ch == "\t" else " " for ch in line[: span.col - 1])
    gutter = " " * len(str(span.line))
    return [f" {span.line} | {line}", f" {gutter} | {prefix}{'^' * max(1, width)}"]


def render_text(diagnostics: list[Diagnostic], sources: Mapping[str, HasLines]) -> str:
    out: list[str] = []
    for d in diagnostics:
        out.append(f"{_where(d.span)} {d.severity.value}[{d.code.id}]: {d.message}")
        out.extend(_excerpt(d.span, sources))
        if d.hint:
            out.append(f"  = hint: {d.hint}")
        for r in d.related:
            out.append(f"{_where(r.span)} note: {r.message}")
            out.extend(_excerpt(r.span, sources))
    return "\n".join(out) + ("\n" if out else "")


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def _span_json(span: Span) -> dict[str, Any]:
    return {"path": span.path, "line": span.line, "column": span.col,
            "end_line": span.end_line, "end_column": span.end_col}


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code.id, "name": d.code.name, "severity": d.severity.value,
        **_span_json(d.span), "message": d.message, "hint": d.hint,
        "related": [{**_span_json(r.span), "message": r.message} for r in d.related],
    }


def render_json(diagnostics: list[Diagnostic]) -> str:
    import json  # only this format needs it

    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    doc = {"diagnostics": [diagnostic_json(d) for d in diagnostics],
           "errors": errors, "warnings": len(diagnostics) - errors}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(text: str, prop: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic."""
    out = []
    for d in diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = [f"file={_gh_escape(d.span.path, True)}"]
        if d.span.line:
            props += [f"line={d.span.line}", f"col={d.span.col}",
                      f"endLine={d.span.end_line}", f"endColumn={d.span.end_col}"]
        props.append(f"title={_gh_escape(f'{d.code.id} {d.code.name}', True)}")
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        out.append(f"::{level} {','.join(props)}::{_gh_escape(message, False)}")
    return "\n".join(out) + ("\n" if out else "")
