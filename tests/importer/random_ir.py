"""A hypothesis strategy of random IRs that a spec can produce: declared names that the
checker accepts, members whose shared parameters agree, defaults in their normal form,
routes whose placeholders are parameters, affects targets that can be affected, channel
params that can select a group."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from mizan_spec.check.names import RESERVED, TYPE_RESERVED
from mizan_spec.ir import model as irm
from mizan_spec.ir.finish import finish_ir
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr

_WORD = st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True)
_MEMBER = st.one_of(_WORD, st.sampled_from(["class", "from", "doc", "member", "true"]))
_CACHE = st.none() | st.sampled_from([1, 30, 59, 60, 300, 3600, 5400, 86400, 604800])
_DOC = st.none() | st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"),
                  max_codepoint=0x2FFF) | st.sampled_from("\n\t\"\\#"), max_size=30)
_SCALARS = ["int", "float", "str", "bool", "date", "datetime", "uuid", "decimal", "json"]


def _ok(name: str) -> bool:
    return name not in RESERVED and name not in TYPE_RESERVED and name != "global"


@st.composite
def _field(draw: st.DrawFn, name: str, refs: list[str], enums: dict[str, list[str]]
           ) -> irm.Field:
    base = draw(st.sampled_from(_SCALARS + refs + list(enums)))
    t: TypeExpr = Named(base)
    if base in refs:  # a struct: never required and direct, so no type is infinite
        t = draw(st.sampled_from([Optional(t), ListOf(t), DictOf(Named("str"), t)]))
    elif base != "json" and draw(st.booleans()):  # `json?` is `json`
        t = draw(st.sampled_from([Optional(t), ListOf(t)]))
    constraints = irm.Constraints()
    has_default, default = False, None
    if isinstance(t, Optional) or t == Named("json"):
        has_default = True
    if t == Named("int") or t == Optional(Named("int")):
        lo = draw(st.none() | st.integers(-5, 5))
        constraints = irm.Constraints(min=lo, max=draw(st.none() | st.integers(6, 99)))
        if draw(st.booleans()):
            has_default, default = True, draw(st.integers(6, 6))
    elif t == Named("str"):
        constraints = irm.Constraints(min_length=draw(st.none() | st.integers(0, 3)),
                                      pattern=draw(st.none() | st.just("^[a-z]*$")))
        if draw(st.booleans()):
            has_default, default = True, "abc"
    elif t == Named("float") and draw(st.booleans()):
        has_default, default = True, draw(st.floats(-1e6, 1e6, allow_nan=False))
    elif t == Named("bool") and draw(st.booleans()):
        has_default, default = True, draw(st.booleans())
    elif isinstance(t, Named) and t.name in enums and draw(st.booleans()):
        has_default, default = True, draw(st.sampled_from(enums[t.name]))
    return irm.Field(name, t, draw(_DOC), has_default, default, constraints)


@st.composite
def random_ir(draw: st.DrawFn) -> irm.IR:
    names = draw(st.lists(_WORD.filter(_ok), min_size=14, max_size=14, unique=True))
    type_names = [n.capitalize() for n in names[:4]]
    enum_names, struct_names = type_names[:draw(st.integers(0, 2))], type_names[2:]
    preds, ctxs, fns = names[4:5], names[5:7], names[7:14]
    enums = {e: draw(st.lists(_MEMBER, min_size=1, max_size=3, unique=True))
             for e in enum_names}
    structs = []
    for s in struct_names:
        fnames = draw(st.lists(_MEMBER, max_size=3, unique=True))
        structs.append(irm.Struct(s, tuple(draw(_field(f, struct_names, enums))
                                           for f in fnames), draw(_DOC)))
    param_names = iter(draw(st.lists(_WORD.filter(lambda n: n not in {"self"}),
                                     min_size=40, max_size=40, unique=True)))
    contexts = ["global", *ctxs] if draw(st.booleans()) else ctxs
    functions: list[irm.Function] = []
    for i, name in enumerate(fns):
        kind = draw(st.sampled_from(["member", "plain", "route"]) if contexts else
                    st.sampled_from(["plain", "route"]))
        auth = draw(st.sampled_from([*irm.AUTH_LEVELS, *preds]))
        params = [draw(_field(next(param_names), struct_names, enums))
                  for _ in range(draw(st.integers(0, 2)))]
        if kind == "member":
            context = draw(st.sampled_from(contexts))
            if context == "global":
                params = [p for p in params if p.has_default]
            returns = draw(st.sampled_from([Named("int"), ListOf(Named("str")),
                                            *(Named(s) for s in struct_names)]))
            functions.append(irm.Function(name, tuple(params), returns, draw(_DOC), context,
                                          auth, rev=draw(st.integers(1, 3)), cache=draw(_CACHE)))
        elif kind == "route":
            pid = next(param_names)
            functions.append(irm.Function(
                name, (irm.Field(pid, Named("int")), *params), None, draw(_DOC), None, auth,
                route=f"/r{i}/<int:{pid}>/"))
        else:
            functions.append(irm.Function(
                name, tuple(params), draw(st.none() | st.sampled_from(
                    [Named("bool"), *(Named(e) for e in enum_names)])), draw(_DOC), None,
                auth, websocket=draw(st.booleans()), rev=draw(st.integers(1, 3))))
    members = {f.context for f in functions if f.context is not None}
    affectable = [f.name for f in functions if f.route is None]
    finished = []
    for f in functions:
        if f.context is None and f.route is None:
            targets = draw(st.lists(st.sampled_from(sorted(members) + affectable),
                                    max_size=3, unique=True))
            targets = [t for t in targets if t != f.name]
            if not targets:
                f = replace(f, cache=draw(_CACHE))  # only queries are cached
            f = replace(f, affects_contexts=tuple(sorted(t for t in targets if t in members)),
                        affects_functions=tuple(sorted(t for t in targets
                                                       if t not in members)))
        finished.append(f)
    channels = []
    for name in draw(st.lists(_WORD.filter(_ok).map(lambda w: f"ch_{w}"), max_size=2,
                              unique=True)):
        params = [p for p in (draw(_field(next(param_names), struct_names, enums))
                              for _ in range(draw(st.integers(0, 3)))) if _group_key(p.type, enums)]
        types = st.sampled_from([Named("int"), ListOf(Named("str")),
                                 *(Named(t) for t in [*struct_names, *enums])])
        channels.append(irm.Channel(name, draw(types), tuple(params), draw(_DOC),
                                    draw(st.sampled_from([*irm.AUTH_LEVELS, *preds])),
                                    draw(st.none() | types)))
    return finish_ir(
        [irm.Enum(e, tuple(irm.EnumMember(m, draw(_DOC)) for m in ms), draw(_DOC))
         for e, ms in enums.items()],
        structs, [irm.Predicate(p, draw(_DOC)) for p in preds],
        [irm.Context(c, (), draw(_DOC)) for c in contexts], finished, channels)


def _group_key(t: TypeExpr, enums: dict[str, list[str]]) -> bool:
    """A type a channel param may have (language.md §5.7)."""
    inner = t.inner if isinstance(t, Optional) else t
    return isinstance(inner, Named) and (
        inner.name in ("str", "int", "bool", "uuid", "date") or inner.name in enums)
