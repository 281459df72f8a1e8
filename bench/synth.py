"""Synthetic specs for benchmarks: N struct types and N functions, realistic in shape."""

from __future__ import annotations

from pathlib import Path


def synth_spec(n: int) -> str:
    out = ["mizan 1", "", "context global", "context user {", '    doc "Per-user data."', "}",
           "predicate can_edit", "", "enum Status {", "    draft", "    published", "}"]
    for i in range(n):
        out.append(f"""
type Item{i} {{
    doc "Item number {i}."
    field id int
    field name str min-length=1 max-length=80
    field status Status default=draft
    field tags "list[str]"
    field next "Item{(i + 1) % n}?"
}}""")
    for i in range(n):
        kind = i % 4
        if kind == 0:
            props, body = "context=global", "    param limit int default=20 min=1 max=100\n"
        elif kind == 1:
            props, body = "context=user auth=#true", '    param q "str?"\n'
        elif kind == 2:
            props, body = "auth=can_edit", "    param id int\n    affects global\n"
        else:
            props, body = "auth=staff rev=2", f"    param id int\n    affects user fn{i - 1}\n"
        out.append(f"""function fn{i} {props} returns="list[Item{i}]" {{
    doc "Function {i}."
{body}}}""")
    return "\n".join(out) + "\n"


def write_spec(directory: Path, n: int) -> Path:
    path = directory / f"synthetic-{n}.mizan.kdl"
    path.write_text(synth_spec(n), encoding="utf-8")
    return path
