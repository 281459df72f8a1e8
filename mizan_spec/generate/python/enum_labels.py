"""Enum member labels in generated models: a `label` property on each labelled enum.

The spec's `label "..."` of a member is what a form shows for that choice. A generated
`StrEnum` whose members have labels gets a read-only `label` (None for a member without
one), the attribute Django's `TextChoices` members have, and the one the runtime reads
back into the IR, so the app exports exactly the spec's labels.
"""

from __future__ import annotations

import json

from mizan_spec.generate.python.literals import string_literal
from mizan_spec.ir.model import IR


def add_labels(code: str, ir: IR) -> str:
    """`code` (a models module) with the `label` property after each labelled enum."""
    lines = code.split("\n")
    for enum in ir.enums:
        labels = [(m.name, m.label) for m in enum.members if m.label is not None]
        if not labels:
            continue
        start = next((i for i, line in enumerate(lines)
                      if line.startswith(f"class {enum.name}(")), None)
        if start is None:
            continue
        end = start + 1
        while end < len(lines) and not lines[end].startswith("class "):
            end += 1
        while lines[end - 1] == "":
            end -= 1
        inner = " " * 12
        entries = [f"{inner}{json.dumps(name)}: {string_literal(label, inner)},"
                   for name, label in labels]
        lines[end:end] = [
            "",
            "    @property",
            "    def label(self) -> str | None:",
            '        """What a form shows for this choice (None: no label of its own)."""',
            "        labels: dict[str, str] = {",
            *entries,
            "        }",
            "        return labels.get(self.value)",
        ]
    return "\n".join(lines)
