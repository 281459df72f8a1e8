"""What the models templates (`generators/python-models/`) print inside each class:
datamodel-code-generator hands them the names it chose (class, fields, members), and
these views answer with the lines, written by the one type printer (`pytypes.py`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from mizan_spec.generate.python.literals import MAX_LINE, string_literal, value_docstring
from mizan_spec.generate.python.pytypes import Imports, annotation, declaration, default_text
from mizan_spec.ir.model import IR, EnumMember
from mizan_spec.ir.model import Field as IRField

_INDENT = "    "


@dataclass(frozen=True)
class StructView:
    doc: str  # the class docstring, laid out, or ""
    fields: dict[str, IRField]  # by wire name
    imports: Imports  # the models module's
    names: dict[str, str] = field(default_factory=dict)  # wire -> attribute, as printed

    def field(self, wire: str, attribute: str, generated_default: str) -> str:
        """`attribute: T = default` for the field `wire`; the generator's own default
        text is read only for the Python name of an enum member (`Kind.class_`)."""
        self.names[wire] = attribute
        f = self.fields[wire]
        default = None
        if f.has_default:
            default = default_text(f, self.imports,
                                   lambda _enum, _member: generated_default.rsplit(".", 1)[-1])
        return declaration(attribute, annotation(f, self.imports, attribute), default, _INDENT,
                           MAX_LINE)


@dataclass(frozen=True)
class EnumView:
    doc: str
    members: tuple[EnumMember, ...]
    names: dict[str, str] = field(default_factory=dict)  # member -> attribute, as printed

    def member(self, index: int, attribute: str) -> str:
        """`attribute = "value"`, then the member's doc as an attribute docstring."""
        m = self.members[index]
        self.names[m.name] = attribute
        line = f"{_INDENT}{attribute} = {json.dumps(m.name)}"
        return f"{line}\n{value_docstring(m.doc, _INDENT)}" if m.doc is not None else line

    def label_property(self) -> str:
        """A labelled enum's read-only `label` (None for a member without one): what a
        form shows for a choice, the attribute Django's `TextChoices` members have and
        the one the runtime reads back into the IR. Empty when no member has a label."""
        labels = [(m.name, m.label) for m in self.members if m.label is not None]
        if not labels:
            return ""
        inner = _INDENT * 3
        entries = "".join(f"\n{inner}{json.dumps(name)}: {string_literal(label, inner)},"
                          for name, label in labels)
        return (f"\n\n{_INDENT}@property\n"
                f"{_INDENT}def label(self) -> str | None:\n"
                f'{_INDENT * 2}"""What a form shows for this choice (None: no label of its'
                f' own)."""\n'
                f"{_INDENT * 2}labels: dict[str, str] = {{{entries}\n{_INDENT * 2}}}\n"
                f"{_INDENT * 2}return labels.get(self.value)")


def _doc(text: str | None) -> str:
    return "" if text is None else value_docstring(text, _INDENT)


def model_views(ir: IR, imports: Imports) -> dict[str, StructView | EnumView]:
    """The view of each struct and enum, by name (datamodel-code-generator's
    `extra_template_data` keys), under `key` in the template's data."""
    views: dict[str, StructView | EnumView] = {}
    for e in ir.enums:
        views[e.name] = EnumView(_doc(e.doc), e.members)
    for s in ir.structs:
        views[s.name] = StructView(_doc(s.doc), {f.name: f for f in s.fields},
                                   imports)
    return views
