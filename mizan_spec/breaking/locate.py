"""Where each breaking-change finding points in the new spec.

A finding's anchor names a declaration, maybe one of its fields, parameters or enum
members, and maybe a part of that node (a property, or `type` for the type argument).
The span is the most precise of these the spec has; a finding whose declaration is gone
(a removed function, type or context) points at the whole of the spec's first file.
"""

from __future__ import annotations

from mizan_spec.breaking.rules import Anchor, Finding
from mizan_spec.check.declarations import ChannelDecl, EnumDecl, FormDecl, FunctionDecl, TypeDecl
from mizan_spec.compile import Compilation
from mizan_spec.diagnostics.model import Span
from mizan_spec.parse.document import Node

TYPE_PART = "type"  # a field's or parameter's type: its second argument


class Locator:
    def __init__(self, result: Compilation) -> None:
        self.fallback = Span.whole(result.files[0].path) if result.files else None
        self.decls: dict[str, Node] = {}
        self.members: dict[tuple[str, str], Node] = {}
        for decl in result.declarations.all():
            if not decl.name or decl.name in self.decls:
                continue  # the first declaration of a name is the one that counts
            self.decls[decl.name] = decl.node
            inner = (decl.fields if isinstance(decl, TypeDecl | FormDecl) else
                     decl.params if isinstance(decl, FunctionDecl | ChannelDecl) else
                     decl.members if isinstance(decl, EnumDecl) else [])
            for m in inner:
                self.members.setdefault((decl.name, m.name), m.node)

    def span(self, anchor: Anchor) -> Span | None:
        node = self.decls.get(anchor.decl)
        if node is None:
            return self.fallback
        node = self.members.get((anchor.decl, anchor.member), node) if anchor.member else node
        if anchor.part == TYPE_PART:
            return node.arg_span(1)
        if anchor.part:
            return node.prop_span(anchor.part)  # the node's name when the property is absent
        return node.span()


def finding_spans(findings: list[Finding], result: Compilation) -> dict[str, Span]:
    """Finding id -> where it points in the compiled (new) spec."""
    locator = Locator(result)
    out = {}
    for f in findings:
        span = locator.span(f.anchor)
        if span is not None:
            out[f.id] = span
    return out
