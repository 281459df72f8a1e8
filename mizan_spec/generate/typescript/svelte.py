"""The view of `svelte.ts`, the Svelte 5 bindings as stores: per context `xxxContext(args)`
(a readable store with a readable store per member), `setXxxContext` and
`getXxxContext`; per query an `xxxStore(args)` readable store of its result; per
mutation an `xxxStore()` helper; and exactly the imports the file uses (the build is
`noUnusedLocals`)."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.frontends import CallView, ContextView, Frontend
from mizan_spec.generate.typescript.names import Namespace, camel

FIXED = ("ClientKey", "HeaderObject", "MizanOptions", "isStore", "headersKey", "onDestroy",
         "setMizan", "setMizanClient", "getMizanClient", "ContextState",
         "MemberState", "CallState", "QueryState", "ContextStore", "CallStore", "QueryStore",
         "contextStore", "memberStore", "callStore", "queryStore", "getContext", "setContext",
         "derived", "readable", "Readable")

_IMPORTED = ("getContext", "onDestroy", "setContext", "derived", "readable", "Readable",
             "MizanClient", "ClientOptions", "MemberOutcome", "CallSnapshot", "ContextSnapshot",
             "MemberSnapshot", "QuerySnapshot", "QueryWatch", "initialContext", "initialQuery",
             "memberSnapshot", "watchContext", "watchQuery", "ContextWatch", "watchCall",
             "createClient", "types", "args", "JsonValue")
"""Everything svelte.ts may import: never the name of something it declares."""


@dataclass(frozen=True)
class SvelteContext:
    ctx: ContextView
    store: str  # recipeContext
    set: str
    get: str
    key_var: str
    members_var: str
    members_type: str


@dataclass(frozen=True)
class SvelteCall:
    wire: str
    wire_string: str
    call_name: str
    args_type: str
    args_optional: bool
    result_type: str
    doc: tuple[str, ...]
    store: str  # addCommentStore, commentCountStore


@dataclass(frozen=True)
class SvelteView:
    imports: tuple[str, ...]
    contexts: tuple[SvelteContext, ...]
    queries: tuple[SvelteCall, ...]
    calls: tuple[SvelteCall, ...]  # mutations


def svelte_view(front: Frontend) -> SvelteView:
    """The names svelte.ts declares are claimed after everything it imports, in a fixed
    order: one already taken gets `_` appended."""
    ns = Namespace([*FIXED, *(n for n, _ in front.claimed), *_IMPORTED])
    contexts = tuple(SvelteContext(
        ctx=c, store=ns.claim(f"{camel(c.wire)}Context"), set=ns.claim(f"set{c.pascal}Context"),
        get=ns.claim(f"get{c.pascal}Context"), key_var=ns.claim(f"{c.pascal}ContextKey"),
        members_var=ns.claim(f"{c.pascal}ContextMembers"),
        members_type=ns.claim(f"{c.pascal}ContextStores"))
        for c in front.contexts)
    queries = tuple(_store(f, ns) for f in front.queries)
    calls = tuple(_store(f, ns) for f in front.calls)
    store = [*(["derived"] if contexts else []),
             *(["readable"] if contexts or queries or calls else []), "type Readable"]
    kernel = ["MizanClient", "ClientOptions", *(["MemberOutcome"] if contexts else [])]
    live = [*(["initialContext", "memberSnapshot", "watchContext"] if contexts else []),
            *(["initialQuery", "watchQuery"] if queries else []),
            *(["watchCall"] if calls else []),
            "type CallSnapshot", "type ContextSnapshot", "type MemberSnapshot",
            "type QuerySnapshot",
            *(["type ContextWatch"] if contexts else []),
            *(["type QueryWatch"] if queries else [])]
    api = ["createClient", *(c.fetch_name for c in front.contexts),
           *(f.call_name for f in (*front.queries, *front.calls)),
           *(f"type {c.results_type}" for c in front.contexts)]
    imports = ['import { getContext, onDestroy, setContext } from "svelte";',
               "import { " + ", ".join(store) + ' } from "svelte/store";',
               "import type { " + ", ".join(kernel) + ' } from "./kernel.js";',
               "import { " + ", ".join(api) + ' } from "./api.js";',
               "import { " + ", ".join(live) + ' } from "./live.js";', *front.api_imports]
    return SvelteView(tuple(imports), contexts, queries, calls)


def _store(f: CallView, ns: Namespace) -> SvelteCall:
    return SvelteCall(wire=f.wire, wire_string=f.wire_string, call_name=f.call_name,
                      args_type=f.args_type, args_optional=f.args_optional,
                      result_type=f.result_type, doc=f.doc,
                      store=ns.claim(f"{camel(f.wire)}Store"))
