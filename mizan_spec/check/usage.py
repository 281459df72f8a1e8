"""Usage: declarations no function (or channel) reaches. They are left out of the IR, so say so.

The IR holds what a running app exports, and an app only knows the types its functions
use; a spec declaring more is fine, but the extra is dropped and the author should know.
"""

from __future__ import annotations

from mizan_spec.check.channels import channel_type_refs
from mizan_spec.check.declarations import Declarations, EnumDecl, TypeDecl
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic
from mizan_spec.ir.types import reachable_names


def check_usage(decls: Declarations, out: list[Diagnostic]) -> None:
    fields = {t.name: [f.type.parsed for f in t.fields if f.type.parsed is not None]
              for t in decls.types}
    refs = [r for fn in decls.functions
            for r in [*(p.type for p in fn.params), *([fn.returns] if fn.returns else [])]]
    refs.extend(channel_type_refs(decls))
    reached = reachable_names((r.parsed for r in refs if r.parsed is not None),
                              lambda name: fields.get(name, ()))
    declared: list[TypeDecl | EnumDecl] = [*decls.types, *decls.enums]
    unused = [d for d in declared if d.name not in reached]
    for decl in unused:
        kind = "type" if isinstance(decl, TypeDecl) else "enum"
        out.append(Diagnostic(codes.UNUSED_TYPE, decl.node.arg_span(0),
                              f"no function uses {kind} `{decl.name}`; it is left out of the IR "
                              "and of generated code"))
    members = {fn.context for fn in decls.functions}
    for c in decls.contexts:
        if c.name not in members:
            out.append(Diagnostic(codes.UNUSED_CONTEXT, c.node.arg_span(0),
                                  f"context `{c.name}` has no members; it is left out of the IR",
                                  f"add `context={c.name}` to the functions that belong to it"))
    used = {fn.auth for fn in decls.functions} | {ch.auth for ch in decls.channels}
    for p in decls.predicates:
        if p.name not in used:
            out.append(Diagnostic(codes.UNUSED_PREDICATE, p.node.arg_span(0),
                                  f"no function uses predicate `{p.name}`"))
