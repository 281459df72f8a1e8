"""SARIF 2.1.0 output, for code scanning (GitHub, GitLab, IDE viewers).

One run, the tool's whole closed registry as rules, one result per diagnostic. Columns
count Unicode code points, as our spans do, and the run says so (`columnKind`).
"""

from __future__ import annotations

import json
from typing import Any

from mizan_spec import __version__
from mizan_spec.diagnostics.codes import CODES, Severity
from mizan_spec.diagnostics.model import Diagnostic, Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def location(span: Span, message: str | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": span.path}}
    if span.line:
        physical["region"] = {"startLine": span.line, "startColumn": span.col,
                              "endLine": span.end_line, "endColumn": max(span.end_col, span.col)}
    out: dict[str, Any] = {"physicalLocation": physical}
    if message:
        out["message"] = {"text": message}
    return out


def sarif_log(rules: list[dict[str, Any]], results: list[dict[str, Any]]) -> str:
    """A complete SARIF log of one run of mizan-spec."""
    doc = {
        "version": "2.1.0", "$schema": SCHEMA,
        "runs": [{
            "tool": {"driver": {"name": "mizan-spec", "version": __version__,
                                "informationUri": "https://github.com/mizan-rpc/mizan-spec",
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_sarif(diagnostics: list[Diagnostic]) -> str:
    ids = sorted(CODES)
    rules = [{"id": c.id, "name": c.name, "shortDescription": {"text": c.summary},
              "defaultConfiguration": {"level": "error" if c.severity is Severity.ERROR
                                       else "warning"}}
             for c in (CODES[i] for i in ids)]
    results = []
    for d in diagnostics:
        text = d.message + (f" (hint: {d.hint})" if d.hint else "")
        result: dict[str, Any] = {
            "ruleId": d.code.id, "ruleIndex": ids.index(d.code.id),
            "level": "error" if d.severity is Severity.ERROR else "warning",
            "message": {"text": text}, "locations": [location(d.span)]}
        if d.related:
            result["relatedLocations"] = [dict(location(r.span, r.message), id=i)
                                          for i, r in enumerate(d.related)]
        results.append(result)
    return sarif_log(rules, results)
