"""Proof before writing: the planned spec files, checked as a spec, give back the
source IR byte for byte.

The files are compiled in a private temporary directory, so nothing touches the output
before the proof holds. Any difference is reported with the
checker's own diagnostics or the first line where the IRs part.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from mizan_spec.compile import compile_spec
from mizan_spec.diagnostics.model import Diagnostic, Related, Span
from mizan_spec.importer.layout import SpecFile
from mizan_spec.ir.emit import emit_ir
from mizan_spec.parse.source import SourceText


@dataclass
class Verdict:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)  # placed under `out`
    first_difference: str | None = None  # "line N: expected ..., got ..."
    sources: dict[str, SourceText] = field(default_factory=dict)  # for excerpts, by path


def _first_difference(expected: str, got: str) -> str:
    want, have = expected.splitlines(), got.splitlines()
    for i, (a, b) in enumerate(zip(want, have, strict=False), start=1):
        if a != b:
            return f"IR line {i}: the app has `{a.strip()}`, the spec would give `{b.strip()}`"
    longer, which = (want, "the app") if len(want) > len(have) else (have, "the spec")
    line = min(len(want), len(have)) + 1
    return f"IR line {line}: only {which} has `{longer[line - 1].strip()}`"


def verify(files: list[SpecFile], expected_ir: str, out: Path) -> Verdict:
    """Compile `files` as one spec directory; compare its IR with `expected_ir`.
    Diagnostics name the files as they would be written into `out`."""
    with tempfile.TemporaryDirectory(prefix="mizan-import-") as tmp:
        for f in files:
            (Path(tmp) / f.name).write_text(f.text, encoding="utf-8", newline="\n")
        result = compile_spec([Path(tmp)])

    def place(span: Span) -> Span:
        return replace(span, path=str(out / Path(span.path).name))

    if result.errors or result.ir is None:
        placed = [replace(d, span=place(d.span), related=tuple(
            Related(place(r.span), r.message) for r in d.related)) for d in result.errors]
        sources = {str(out / Path(k).name): v for k, v in result.sources.items()}
        return Verdict(False, placed, sources=sources)
    got = emit_ir(result.ir)
    if got != expected_ir:
        return Verdict(False, [], _first_difference(expected_ir, got))
    return Verdict(True)
