"""Which declaration goes into which spec file, and in what order.

Functions are grouped into domains by the split (`none`: one file; `module`: the Python
module that defines each function; `context`: the context a function belongs to or
alone affects). A type, enum, context or predicate lives in the one domain that uses
it, or in `common.mizan.kdl` when several do; channels live in `api`. Domain files
include `common` when they need it; with several files, `api.mizan.kdl` includes them
all (and holds functions no domain claims), so the directory or `api.mizan.kdl` alone
is the whole spec. Includes never form a cycle: `common` includes nothing and only `api`
includes domains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mizan_spec.fmt.format import format_text
from mizan_spec.importer import spec_nodes
from mizan_spec.ir.channels import channel_roots
from mizan_spec.ir.model import IR, Function
from mizan_spec.ir.types import TypeExpr, names_in, reachable_names
from mizan_spec.kdl.writer import KdlNode, write_nodes

SPLITS = ("none", "module", "context")
ROOT = "api"
COMMON = "common"
SUFFIX = ".mizan.kdl"


@dataclass(frozen=True)
class SpecFile:
    name: str  # file name, e.g. "library.mizan.kdl"
    text: str


def _signature(f: Function) -> list[TypeExpr]:
    return [p.type for p in f.params] + ([f.returns] if f.returns is not None else [])


def module_domains(functions: Iterable[str], modules: Mapping[str, str]) -> dict[str, str]:
    """Function -> a short file stem per Python module: the module's last component, or
    more of its dotted path where two modules share one."""
    names = sorted({modules[f] for f in functions if f in modules})
    depth: dict[str, int] = dict.fromkeys(names, 1)
    while True:
        stems = {m: "_".join(m.split(".")[-depth[m]:]) for m in names}
        clashes = {s for s in stems.values() if list(stems.values()).count(s) > 1
                   or s in (ROOT, COMMON)}
        grow = [m for m in names if stems[m] in clashes and depth[m] < m.count(".") + 1]
        if not grow:
            break
        for m in grow:
            depth[m] += 1
    stems = {m: s if s not in (ROOT, COMMON) else f"{s}_module" for m, s in stems.items()}
    return {f: stems[m] for f, m in modules.items()}


def _context_domains(ir: IR) -> dict[str, str]:
    out = {f.name: f.context for f in ir.functions if f.context is not None}
    for f in ir.functions:
        if f.context is None:
            claimed = set(f.affects_contexts) | {out[t] for t in f.affects_functions if t in out}
            if len(claimed) == 1:
                out[f.name] = claimed.pop()
    return out


def domains_of(ir: IR, split: str, modules: Mapping[str, str]) -> dict[str, str]:
    """Function name -> domain (a file stem); functions left out belong to `api`."""
    if split == "module":
        return module_domains((f.name for f in ir.functions), modules)
    if split == "context":
        return {f: d if d not in (ROOT, COMMON) else f"{d}_context"
                for f, d in _context_domains(ir).items()}
    return {}


def _home(users: set[str]) -> str:
    return users.pop() if len(users) == 1 else COMMON


def plan_files(ir: IR, split: str, modules: Mapping[str, str]) -> list[SpecFile]:
    """The spec files for `ir`, each formatted in `fmt`'s canonical layout."""
    domain = domains_of(ir, split, modules)
    fn_domain = {f.name: domain.get(f.name, ROOT) for f in ir.functions}
    if len(set(fn_domain.values())) <= 1:
        fn_domain = dict.fromkeys(fn_domain, ROOT)

    def fields_of(name: str) -> list[TypeExpr]:
        s = ir.struct(name)
        return [f.type for f in s.fields] if s is not None else []

    type_users: dict[str, set[str]] = {}
    for f in ir.functions:
        for name in reachable_names(_signature(f), fields_of):
            type_users.setdefault(name, set()).add(fn_domain[f.name])
    for ch in ir.channels:  # channels live in `api`
        for name in reachable_names(channel_roots(ch), fields_of):
            type_users.setdefault(name, set()).add(ROOT)
    pred_users: dict[str, set[str]] = {}
    for f in ir.functions:
        pred_users.setdefault(f.auth, set()).add(fn_domain[f.name])
    for ch in ir.channels:
        pred_users.setdefault(ch.auth, set()).add(ROOT)
    home: dict[str, str] = {}
    for name in (*(s.name for s in ir.structs), *(e.name for e in ir.enums)):
        home[name] = _home(set(type_users.get(name, {ROOT})))
    for p in ir.predicates:
        home[p.name] = _home(set(pred_users.get(p.name, {ROOT})))
    for c in ir.contexts:
        home[c.name] = _home({fn_domain[m] for m in c.members})
    home.update(fn_domain)
    home.update(dict.fromkeys((c.name for c in ir.channels), ROOT))
    home.update({form.name: ROOT for form in ir.forms})  # one namespace: names never meet
    stems = sorted(set(home.values()))
    if stems == [COMMON]:
        home = dict.fromkeys(home, ROOT)
        stems = [ROOT]
    return [SpecFile(stem + SUFFIX, _render(ir, stem, home, stems)) for stem in stems]


def _types_in_order(ir: IR, names: set[str], fns: list[Function]) -> list[str]:
    """Types of one file, each after the types it names (dependencies first), in the
    order the file's functions first reach them; then any not reached from them."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name not in names:
            return
        seen.add(name)
        s = ir.struct(name)
        for f in s.fields if s is not None else ():
            for n in names_in(f.type):
                visit(n.name)
        order.append(name)

    for fn in fns:
        for t in _signature(fn):
            for n in names_in(t):
                visit(n.name)
    for name in sorted(names):
        visit(name)
    return order


def _render(ir: IR, stem: str, home: Mapping[str, str], stems: list[str]) -> str:
    mine = {n for n, h in home.items() if h == stem}
    types = {n for n in mine if ir.struct(n) is not None or ir.enum(n) is not None}
    fns = sorted((f for f in ir.functions if f.name in mine),
                 key=lambda f: (f.context is None, f.context or "", f.name))
    needs = {home[n.name] for f in fns for t in _signature(f) for n in names_in(t)
             if n.name in home}
    needs |= {home[f.context] for f in fns if f.context is not None}
    needs |= {home[f.auth] for f in fns if f.auth in home}
    for struct in ir.structs:
        if struct.name in mine:
            needs |= {home[n.name] for fl in struct.fields for n in names_in(fl.type)
                      if n.name in home}
    includes = [other for other in stems if other != stem] if stem == ROOT else (
        [COMMON] if COMMON in needs and stem != COMMON else [])
    head = [KdlNode("mizan", [1])]
    nodes: list[KdlNode | list[KdlNode]] = [head]
    if includes:
        nodes.append([KdlNode("include", [s + SUFFIX]) for s in includes])
    for name in _types_in_order(ir, types, fns):
        found, enum = ir.struct(name), ir.enum(name)
        if found is not None:
            nodes.append(spec_nodes.struct_node(found))
        elif enum is not None:
            nodes.append(spec_nodes.enum_node(enum))
    nodes += [spec_nodes.predicate_node(p) for p in ir.predicates if p.name in mine]
    nodes += [spec_nodes.context_node(c) for c in ir.contexts if c.name in mine]
    nodes += [spec_nodes.channel_node(c) for c in ir.channels if c.name in mine]
    nodes += [spec_nodes.function_node(f) for f in fns]
    nodes += [spec_nodes.form_node(form) for form in ir.forms if form.name in mine]
    return _blank_lines_between(nodes)


def _blank_lines_between(nodes: list[KdlNode | list[KdlNode]]) -> str:
    """Top-level declarations (or groups of them) separated by a blank line, then
    `fmt`'s canonical layout."""
    text = "\n".join(write_nodes(n if isinstance(n, list) else [n]) for n in nodes)
    formatted = format_text(text)
    return formatted if formatted is not None else text
