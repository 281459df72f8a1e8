"""What the Vue and Svelte view builders share: the contexts, queries and mutations of
the client as small frozen views (names the api view already decided, plus each
member's wire name). Which functions are queries is `ir.kinds`' rule, as for React."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.names import doc_comment, string
from mizan_spec.generate.typescript.symbols import Symbols, callable_functions
from mizan_spec.generate.typescript.views.api_file import ApiFile
from mizan_spec.generate.typescript.views.common import callable_members, function_doc
from mizan_spec.ir.kinds import is_query
from mizan_spec.ir.model import IR


@dataclass(frozen=True)
class MemberView:
    wire: str
    wire_string: str
    prop: str
    type: str
    hook: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class ContextView:
    wire: str
    wire_string: str
    pascal: str  # `Recipe` for context `recipe`
    fetch_name: str
    results_type: str
    args_type: str
    args_optional: bool
    doc: tuple[str, ...]
    members: tuple[MemberView, ...]
    members_list: str


@dataclass(frozen=True)
class CallView:
    wire: str
    wire_string: str
    call_name: str
    args_type: str
    args_optional: bool  # every parameter may be left out: `args = {}`
    result_type: str
    doc: tuple[str, ...]
    hook: str  # `useAddComment`, `useCommentCount`


@dataclass(frozen=True)
class Frontend:
    """The client as every front end's bindings see it."""

    contexts: tuple[ContextView, ...]
    queries: tuple[CallView, ...]  # functions outside any context that affect nothing
    calls: tuple[CallView, ...]  # mutations
    api_imports: tuple[str, ...]  # the api view's type imports (types, args, JsonValue)
    # Names api.ts and kernel.ts export, with their sources (spec types are never
    # imported bare: the bindings reach them through `types.`).
    claimed: tuple[tuple[str, str], ...]


def frontend(ir: IR, symbols: Symbols, api: ApiFile) -> Frontend:
    """Read the contexts and plain functions off the api view (same names, same order)."""
    contexts = []
    for v, schema in zip(api.contexts, api.schema_contexts, strict=True):
        ctx = ir.context(v.wire)
        assert ctx is not None
        members = tuple(
            MemberView(wire=m.name, wire_string=string(m.name), prop=r.prop, type=r.type,
                       hook=symbols.function(m).hook,
                       doc=tuple(doc_comment(function_doc(m))))
            for m, r in zip(callable_members(ir, ctx), v.members, strict=True))
        contexts.append(ContextView(
            wire=v.wire, wire_string=v.wire_string, pascal=v.fetch_name.removeprefix("fetch"),
            fetch_name=v.fetch_name, results_type=v.results_type, args_type=v.args_type,
            args_optional=v.args_optional, doc=v.doc, members=members,
            members_list=schema.members))
    plain = [(f, CallView(wire=f.name, wire_string=c.wire_string, call_name=c.call_name,
                          args_type=c.args_type, args_optional=c.args_optional,
                          result_type=c.result_type, doc=c.doc, hook=symbols.function(f).hook))
             for f, c in zip(callable_functions(ir), api.functions, strict=True)
             if f.context is None]
    queries = tuple(v for f, v in plain if is_query(f))
    calls = tuple(v for f, v in plain if not is_query(f))
    claimed = [(n, n) for n, (module, _) in sorted(symbols.exported.items())
               if module in ("kernel", "api")]
    return Frontend(tuple(contexts), queries, calls, api.imports[1:], tuple(claimed))
