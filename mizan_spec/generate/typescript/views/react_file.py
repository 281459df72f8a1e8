"""The view of react.ts: a provider and hooks per context, a query hook per query and a
mutation hook per mutation (the rule is `ir.kinds`)."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.names import doc_comment, is_identifier, string
from mizan_spec.generate.typescript.symbols import Symbols, callable_functions
from mizan_spec.generate.typescript.views.api_file import signature_imports
from mizan_spec.generate.typescript.views.common import (
    callable_members,
    context_params,
    function_doc,
    is_optional_param,
    result_of,
)
from mizan_spec.ir.kinds import is_mutation, is_query
from mizan_spec.ir.model import IR, Function


@dataclass(frozen=True)
class MemberHook:
    prop: str  # how the member is read off the results, after `?.`: `me` or `["a-b"]`
    type: str
    hook: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class ProviderView:
    wire: str
    wire_string: str
    fetch_name: str
    results_type: str
    args_type: str
    args_optional: bool
    doc: tuple[str, ...]
    members: tuple[MemberHook, ...]
    members_list: str
    provider: str
    props_type: str
    hook: str
    state_var: str
    members_var: str


@dataclass(frozen=True)
class FunctionHook:
    """`useXxx(args)` for a query, `useXxx()` returning `mutate` for a mutation."""

    wire_string: str
    hook: str
    call_name: str
    args_type: str
    args_optional: bool
    result_type: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class ReactFile:
    imports: tuple[str, ...]
    contexts: tuple[ProviderView, ...]
    queries: tuple[FunctionHook, ...]
    calls: tuple[FunctionHook, ...]  # mutations


def _hook(f: Function, symbols: Symbols) -> FunctionHook:
    s = symbols.function(f)
    return FunctionHook(string(f.name), s.hook, s.call, f"args.{s.args}",
                        all(is_optional_param(p) for p in f.params), result_of(f),
                        tuple(doc_comment(function_doc(f))))


def react_file(ir: IR, symbols: Symbols) -> ReactFile:
    functions = callable_functions(ir)
    contexts = []
    for name, c in symbols.contexts.items():
        ctx = ir.context(name)
        assert ctx is not None
        members = callable_members(ir, ctx)
        contexts.append(ProviderView(
            wire=name, wire_string=string(name), fetch_name=c.fetch, results_type=c.results,
            args_type=f"args.{c.args}",
            args_optional=all(is_optional_param(p) for p in context_params(ir, ctx)),
            doc=tuple(doc_comment(ctx.doc or f"Fetch every member of the `{name}` context.")),
            members=tuple(MemberHook(m.name if is_identifier(m.name) else f"[{string(m.name)}]",
                                     result_of(m), symbols.function(m).hook,
                                     tuple(doc_comment(m.doc))) for m in members),
            members_list=", ".join(string(m.name) for m in members),
            provider=c.provider, props_type=c.props, hook=c.hook, state_var=c.state,
            members_var=c.members))
    queries = tuple(_hook(f, symbols) for f in functions if is_query(f))
    calls = tuple(_hook(f, symbols) for f in functions if is_mutation(f))
    from_api = ["createClient", *(c.fetch_name for c in contexts),
                *(symbols.function(f).call for f in functions if f.context is None),
                *(f"type {c.results_type}" for c in contexts)]
    kernel = ["MizanClient", "MizanError", "type ClientOptions",
              *(["type MemberOutcome"] if contexts else [])]
    imports = ("import { " + ", ".join(kernel) + ' } from "./kernel.js";',
               "import { " + ", ".join(from_api) + ' } from "./api.js";', *signature_imports(ir))
    return ReactFile(imports, tuple(contexts), queries, calls)
