"""Rendering breaking-change findings: text, JSON, GitHub annotations and SARIF."""

from __future__ import annotations

import json
from typing import Any

from mizan_spec.breaking.rules import GRADE_ORDER, RULES, Finding
from mizan_spec.diagnostics.model import Span
from mizan_spec.diagnostics.render import _gh_escape
from mizan_spec.diagnostics.sarif import location, sarif_log

_LEVEL = {"error": "error", "danger": "warning", "warning": "note"}


def _tag(f: Finding) -> str:
    return f"{f.rule.grade}[{f.rule.category}]" + (" (accepted)" if f.accepted else "")


def render_text(findings: list[Finding], spans: dict[str, Span]) -> str:
    out = []
    for f in findings:
        span = spans.get(f.id)
        where = f"{span.path}:{span.line}:{span.col}: " if span and span.line else ""
        hint = f"\n  = hint: {f.hint}" if f.hint else ""
        out.append(f"{where}{_tag(f)} {f.message}\n  = id: {f.id}{hint}")
    return "\n".join(out) + ("\n" if out else "")


def render_json(findings: list[Finding], spans: dict[str, Span]) -> str:
    items: list[dict[str, Any]] = []
    for f in findings:
        span = spans.get(f.id)
        items.append({"id": f.id, "rule": f.rule.id, "category": f.rule.category,
                      "grade": f.rule.grade, "subject": f.subject, "message": f.message,
                      "hint": f.hint or None, "accepted": f.accepted,
                      "path": span.path if span else None, "line": span.line if span else None,
                      "column": span.col if span else None})
    return json.dumps({"findings": items}, ensure_ascii=False, indent=2) + "\n"


def render_github(findings: list[Finding], spans: dict[str, Span]) -> str:
    out = []
    for f in findings:
        if f.accepted:
            continue
        level = "error" if f.rule.grade == "error" else "warning"
        props = []
        span = spans.get(f.id)
        if span:
            props.append(f"file={_gh_escape(span.path, True)}")
            if span.line:
                props += [f"line={span.line}", f"col={span.col}"]
        props.append(f"title={_gh_escape(f'{f.rule.category} {f.rule.id}', True)}")
        hint = f" (hint: {f.hint})" if f.hint else ""
        message = _gh_escape(f"{f.message} ({f.id}){hint}", False)
        out.append(f"::{level} {','.join(props)}::{message}")
    return "\n".join(out) + ("\n" if out else "")


def render_sarif(findings: list[Finding], spans: dict[str, Span]) -> str:
    ids = sorted(RULES)
    rules = [{"id": i, "shortDescription": {"text": RULES[i].summary},
              "properties": {"category": RULES[i].category},
              "defaultConfiguration": {"level": _LEVEL[RULES[i].grade]}} for i in ids]
    results = []
    for f in findings:
        span = spans.get(f.id)
        text = f.message + (f" (hint: {f.hint})" if f.hint else "")
        result: dict[str, Any] = {"ruleId": f.rule.id, "ruleIndex": ids.index(f.rule.id),
                                  "level": _LEVEL[f.rule.grade], "message": {"text": text},
                                  "partialFingerprints": {"findingId": f.id}}
        if span:
            result["locations"] = [location(span)]
        if f.accepted:
            result["suppressions"] = [{"kind": "external"}]
        results.append(result)
    return sarif_log(rules, results)


def failing(findings: list[Finding], fail_on: str) -> list[Finding]:
    return [f for f in findings
            if not f.accepted and GRADE_ORDER[f.rule.grade] >= GRADE_ORDER[fail_on]]
