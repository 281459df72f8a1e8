"""Usage: declarations nothing served reaches. They are left out of the IR, so say so.

The IR holds what a running app exports, and an app only knows the types its functions
and forms use; a spec declaring more is fine, but the extra is dropped and the author should know.
"""

from __future__ import annotations

from mizan_spec.check.channels import channel_type_refs
from mizan_spec.check.declarations import Declarations, EnumDecl, FormDecl, TypeDecl
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic
from mizan_spec.ir.types import Named, TypeExpr, reachable_names


def form_roots(forms: list[FormDecl]) -> list[TypeExpr]:
    """What forms reach: what each submit returns and the enums its fields pick from."""
    roots: list[TypeExpr] = [Named(f.enum) for form in forms for f in form.fields if f.enum]
    roots.extend(form.returns.parsed for form in forms
                 if form.returns is not None and form.returns.parsed is not None)
    return roots


def check_usage(decls: Declarations, out: list[Diagnostic]) -> None:
    fields = {t.name: [f.type.parsed for f in t.fields if f.type.parsed is not None]
              for t in decls.types}
    refs = [r for fn in decls.functions
            for r in [*(p.type for p in fn.params), *([fn.returns] if fn.returns else [])]]
    refs.extend(channel_type_refs(decls))
    roots = [r.parsed for r in refs if r.parsed is not None] + form_roots(decls.forms)
    reached = reachable_names(roots, lambda name: fields.get(name, ()))
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
    used = ({fn.auth for fn in decls.functions} | {ch.auth for ch in decls.channels}
            | {form.auth for form in decls.forms})
    for p in decls.predicates:
        if p.name not in used:
            out.append(Diagnostic(codes.UNUSED_PREDICATE, p.node.arg_span(0),
                                  f"no function uses predicate `{p.name}`"))
