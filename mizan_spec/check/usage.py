"""Usage: declarations no function reaches. They are left out of the IR, so say so.

The IR holds what a running app exports, and an app only knows the types its functions
use; a spec declaring more is fine, but the extra is dropped and the author should know.
"""

from __future__ import annotations

from mizan_spec.check.declarations import Declarations, EnumDecl, TypeDecl
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic
from mizan_spec.ir.types import names_in


def check_usage(decls: Declarations, out: list[Diagnostic]) -> None:
    structs = {t.name: t for t in decls.types}
    reached: set[str] = set()
    stack: list[str] = []
    for fn in decls.functions:
        refs = [p.type for p in fn.params] + ([fn.returns] if fn.returns else [])
        stack.extend(n.name for r in refs if r.parsed is not None for n in names_in(r.parsed))
    while stack:
        name = stack.pop()
        if name in reached:
            continue
        reached.add(name)
        struct = structs.get(name)
        if struct is not None:
            stack.extend(n.name for f in struct.fields if f.type.parsed is not None
                         for n in names_in(f.type.parsed))
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
    used = {fn.auth for fn in decls.functions}
    for p in decls.predicates:
        if p.name not in used:
            out.append(Diagnostic(codes.UNUSED_PREDICATE, p.node.arg_span(0),
                                  f"no function uses predicate `{p.name}`"))
