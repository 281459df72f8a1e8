"""Canonical form: what every IR producer (spec lowering, decorator registry) ends with.

The IR holds what the functions, channels and forms reach and nothing else, in one order:
- types and enums reachable from some function's params or return type, from some
  channel's params, message or send type, or from a form's return type and the enums
  its fields pick from (through struct fields, transitively), each with `shared_by`:
  the functions, channels and forms that name it directly (a type reached only through
  other types has none);
- contexts that have members, members sorted; predicates some function, channel or
  form uses; forms as given (their fields keep their order);
- every group sorted by name; `affects` lists sorted and without repeats.
Fields, params and enum members keep their declared order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from mizan_spec.ir.channels import channel_roots
from mizan_spec.ir.forms import form_roots
from mizan_spec.ir.model import (
    AUTH_LEVELS,
    IR,
    Channel,
    Context,
    Enum,
    Form,
    Function,
    Predicate,
    Struct,
)
from mizan_spec.ir.types import TypeExpr, names_in, reachable_names


def _roots(f: Function) -> list[TypeExpr]:
    roots = [p.type for p in f.params]
    if f.returns is not None:
        roots.append(f.returns)
    return roots


def finish_ir(enums: list[Enum], structs: list[Struct], predicates: list[Predicate],
              contexts: list[Context], functions: list[Function],
              channels: Sequence[Channel] = (), forms: Sequence[Form] = ()) -> IR:
    struct_by_name = {s.name: s for s in structs}
    enum_by_name = {e.name: e for e in enums}
    users = [(f.name, _roots(f)) for f in functions]
    users += [(c.name, channel_roots(c)) for c in channels]
    users += [(form.name, form_roots(form)) for form in forms]
    shared: dict[str, set[str]] = {}
    for user, roots in users:
        for t in roots:
            for n in names_in(t):
                shared.setdefault(n.name, set()).add(user)
    fields = {s.name: [fld.type for fld in s.fields] for s in structs}
    reached = reachable_names((t for _, roots in users for t in roots),
                              lambda name: fields.get(name, ()))
    reached &= set(struct_by_name) | set(enum_by_name)

    def shared_by(name: str) -> tuple[str, ...]:
        return tuple(sorted(shared.get(name, ())))

    used_predicates = ({f.auth for f in functions} | {c.auth for c in channels}
                       | {form.auth for form in forms}) - set(AUTH_LEVELS)
    members: dict[str, set[str]] = {}
    for f in functions:
        if f.context is not None:
            members.setdefault(f.context, set()).add(f.name)
    context_docs = {c.name: c.doc for c in contexts}
    return IR(
        enums=tuple(replace(e, shared_by=shared_by(e.name))
                    for e in sorted(enums, key=lambda e: e.name) if e.name in reached),
        structs=tuple(replace(s, shared_by=shared_by(s.name))
                      for s in sorted(structs, key=lambda s: s.name) if s.name in reached),
        predicates=tuple(p for p in sorted(predicates, key=lambda p: p.name)
                         if p.name in used_predicates),
        contexts=tuple(Context(name, tuple(sorted(names)), context_docs.get(name))
                       for name, names in sorted(members.items())),
        functions=tuple(replace(f, affects_contexts=tuple(sorted(set(f.affects_contexts))),
                                affects_functions=tuple(sorted(set(f.affects_functions))))
                        for f in sorted(functions, key=lambda f: f.name)),
        channels=tuple(sorted(channels, key=lambda c: c.name)),
        forms=tuple(sorted(forms, key=lambda f: f.name)),
    )
