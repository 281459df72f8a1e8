"""Types: parse every type expression, resolve every name, refuse impossible types.

Reports malformed expressions at the character that breaks them, unknown names (with
the closest declared name as a hint), names that are not types (a context, say), dict
keys other than `str`, and struct types that contain themselves through required
fields only (no value of them could ever be built).
"""

from __future__ import annotations

from mizan_spec.check.channels import channel_type_refs
from mizan_spec.check.declarations import Declarations, TypeRef
from mizan_spec.check.grammar import suggest
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Related, Span
from mizan_spec.ir.types import (
    SCALARS,
    DictOf,
    ListOf,
    Named,
    TypeExpr,
    TypeSyntaxError,
    name_offsets,
    names_in,
    parse_type,
)
from mizan_spec.parse.document import content_offset


def _span_in(ref: TypeRef, offset: int, length: int) -> Span:
    """A span inside the type's string when the source maps onto it, else the whole value."""
    node = ref.node
    if ref.prop is None:
        start = node.arg_content_offset(1)
        if start is not None:
            return node.file.source.span(start + offset, start + offset + length)
        return node.arg_span(1)
    entries = [e for e in node.entries() if e.key == ref.prop]
    if entries:
        e = entries[-1]
        start = content_offset(node.file.source.text[e.start:e.end], ref.text, e.start)
        if start is not None:
            return node.file.source.span(start + offset, start + offset + length)
    return node.prop_span(ref.prop)


def _refs(decls: Declarations) -> list[TypeRef]:
    refs = [f.type for t in decls.types for f in t.fields]
    for fn in decls.functions:
        refs.extend(p.type for p in fn.params)
        if fn.returns is not None:
            refs.append(fn.returns)
    refs.extend(channel_type_refs(decls))
    refs.extend(form.returns for form in decls.forms if form.returns is not None)
    return refs


def check_types(decls: Declarations, out: list[Diagnostic]) -> None:
    declared_types = {t.name for t in decls.types} | {e.name for e in decls.enums}
    other_kinds = {c.name: "context" for c in decls.contexts}
    other_kinds.update({p.name: "predicate" for p in decls.predicates})
    other_kinds.update({f.name: "function" for f in decls.functions})
    other_kinds.update({f.name: "form" for f in decls.forms})
    candidates = sorted(declared_types | set(SCALARS))
    for ref in _refs(decls):
        try:
            parsed = parse_type(ref.text)
        except TypeSyntaxError as e:
            out.append(Diagnostic(codes.TYPE_SYNTAX, _span_in(ref, e.offset, 1),
                                  f"malformed type `{ref.text}`: {e.message}",
                                  "types are NAME, NAME?, list[T] or dict[str, T]"))
            continue
        ok = True
        unknown = [n for n in names_in(parsed) if not (n.is_scalar or n.name in declared_types)]
        for name, offset in name_offsets(ref.text) if unknown else ():
            if name in SCALARS or name in declared_types:
                continue
            ok = False
            span = _span_in(ref, offset, len(name))
            if name in other_kinds:
                out.append(Diagnostic(codes.NOT_A_TYPE, span,
                                      f"`{name}` is a {other_kinds[name]}, not a type"))
            else:
                out.append(Diagnostic(codes.UNKNOWN_TYPE, span, f"unknown type `{name}`",
                                      suggest(name, candidates)))
        for key, offset in _dict_keys(parsed, ref.text) if "dict" in ref.text else ():
            if key != Named("str"):
                ok = False
                out.append(Diagnostic(codes.DICT_KEY, _span_in(ref, offset, 1),
                                      "dictionary keys must be `str` (JSON keys are strings)",
                                      "write it as dict[str, T]"))
        if ok:
            ref.parsed = parsed
    _infinite(decls, out)


def _dict_keys(t: TypeExpr, text: str) -> list[tuple[TypeExpr, int]]:
    keys: list[TypeExpr] = []
    stack = [t]
    while stack:
        cur = stack.pop()
        if isinstance(cur, DictOf):
            keys.append(cur.key)
            stack.extend((cur.value, cur.key))
        elif isinstance(cur, ListOf):
            stack.append(cur.item)
        elif not isinstance(cur, Named):
            stack.append(cur.inner)
    offsets = []
    search = 0
    for key in keys:
        at = text.find("dict", search)
        bracket = text.find("[", at) + 1 if at >= 0 else 0
        while bracket < len(text) and text[bracket].isspace():
            bracket += 1
        offsets.append((key, bracket))
        search = at + 4 if at >= 0 else search
    return offsets


def _infinite(decls: Declarations, out: list[Diagnostic]) -> None:
    """Struct types reachable from themselves through required, non-list struct fields."""
    structs = {t.name: t for t in decls.types}
    edges: dict[str, list[tuple[str, TypeRef]]] = {}
    for t in decls.types:
        for f in t.fields:
            if isinstance(f.type.parsed, Named) and f.type.parsed.name in structs:
                edges.setdefault(t.name, []).append((f.type.parsed.name, f.type))
    reported: set[str] = set()
    for start in sorted(edges):
        if start in reported:
            continue
        path = _cycle_from(start, edges)
        if path is None:
            continue
        reported.update(name for name, _ in path)
        names = " -> ".join([start] + [name for name, _ in path])
        first = path[0][1]
        out.append(Diagnostic(
            codes.INFINITE_TYPE, _span_in(first, 0, len(first.text)),
            f"type `{start}` contains itself through required fields ({names}); "
            "no value of it can ever be built",
            "make one of these fields optional (`T?`) or a list",
            tuple(Related(_span_in(ref, 0, len(ref.text)), "and through here")
                  for _, ref in path[1:])))


def _cycle_from(start: str, edges: dict[str, list[tuple[str, TypeRef]]]
                ) -> list[tuple[str, TypeRef]] | None:
    stack: list[tuple[str, list[tuple[str, TypeRef]]]] = [(start, [])]
    seen = {start}
    while stack:
        current, path = stack.pop()
        for target, ref in edges.get(current, []):
            if target == start:
                return [*path, (target, ref)]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, (target, ref)]))
    return None
