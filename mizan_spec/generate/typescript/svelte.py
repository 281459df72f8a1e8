"""The view of `svelte.ts`, the Svelte 5 bindings as stores: per context `xxxContext(args)`
(a readable store with a readable store per member), `setXxxContext` and
`getXxxContext`; per plain function an `xxxStore()` mutation helper; and exactly the
imports the file uses (the build is `noUnusedLocals`)."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.frontends import ContextView, Frontend
from mizan_spec.generate.typescript.names import Namespace, camel

FIXED = ("ClientKey", "HeaderObject", "MizanOptions", "isStore", "headersKey", "onDestroy",
         "setMizan", "setMizanClient", "getMizanClient", "ContextState",
         "MemberState", "CallState", "ContextStore", "CallStore", "contextStore",
         "memberStore", "callStore", "getContext", "setContext", "derived", "readable",
         "Readable")

_IMPORTED = ("getContext", "onDestroy", "setContext", "derived", "readable", "Readable",
             "MizanClient", "ClientOptions", "MemberOutcome", "CallSnapshot", "ContextSnapshot",
             "MemberSnapshot", "initialContext", "memberSnapshot", "watchContext",
             "ContextWatch", "watchCall", "createClient", "types", "args", "JsonValue")
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
    result_type: str
    doc: tuple[str, ...]
    store: str  # addCommentStore


@dataclass(frozen=True)
class SvelteView:
    imports: tuple[str, ...]
    contexts: tuple[SvelteContext, ...]
    calls: tuple[SvelteCall, ...]


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
    calls = tuple(SvelteCall(wire=f.wire, wire_string=f.wire_string, call_name=f.call_name,
                             args_type=f.args_type, result_type=f.result_type, doc=f.doc,
                             store=ns.claim(f"{camel(f.wire)}Store")) for f in front.calls)
    store = [*(["derived"] if contexts else []), *(["readable"] if contexts or calls else []),
             "type Readable"]
    kernel = ["MizanClient", "ClientOptions"]
    live = ["type CallSnapshot", "type ContextSnapshot", "type MemberSnapshot"]
    if contexts:
        kernel.append("MemberOutcome")
        live = ["initialContext", "memberSnapshot", "watchContext", "type ContextWatch", *live]
    if calls:
        live.insert(0, "watchCall")
    api = ["createClient", *(c.fetch_name for c in front.contexts),
           *(f.call_name for f in front.calls), *(f"type {c.results_type}" for c in front.contexts)]
    imports = ['import { getContext, onDestroy, setContext } from "svelte";',
               "import { " + ", ".join(store) + ' } from "svelte/store";',
               "import type { " + ", ".join(kernel) + ' } from "./kernel.js";',
               "import { " + ", ".join(api) + ' } from "./api.js";',
               "import { " + ", ".join(live) + ' } from "./live.js";', *front.api_imports]
    return SvelteView(tuple(imports), contexts, calls)
