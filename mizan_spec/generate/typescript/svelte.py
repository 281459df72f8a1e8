"""The view of `svelte.ts`, the Svelte 5 bindings as stores: per context `xxxContext(args)`
(a readable store with a readable store per member), `setXxxContext` and
`getXxxContext`; per plain function an `xxxStore()` mutation helper; and exactly the
imports the file uses (the build is `noUnusedLocals`)."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.frontends import ContextView, Frontend, claim
from mizan_spec.generate.typescript.names import camel

FIXED = ("ClientKey", "HeaderObject", "MizanOptions", "isStore", "headersKey", "onDestroy",
         "setMizan", "setMizanClient", "getMizanClient", "ContextState",
         "MemberState", "CallState", "ContextStore", "CallStore", "contextStore",
         "memberStore", "callStore", "getContext", "setContext", "derived", "readable",
         "Readable")


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
    """Raises GenerateError when two exports of svelte.ts would share a name."""
    contexts = tuple(SvelteContext(
        ctx=c, store=f"{camel(c.wire)}Context", set=f"set{c.pascal}Context",
        get=f"get{c.pascal}Context", key_var=f"{c.pascal}ContextKey",
        members_var=f"{c.pascal}ContextMembers", members_type=f"{c.pascal}ContextStores")
        for c in front.contexts)
    calls = tuple(SvelteCall(wire=f.wire, wire_string=f.wire_string, call_name=f.call_name,
                             args_type=f.args_type, result_type=f.result_type, doc=f.doc,
                             store=f"{camel(f.wire)}Store") for f in front.calls)
    store = (["derived"] if contexts else []) + ["readable", "type Readable"]
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
    names = [(n, n) for n in FIXED] + list(front.claimed)
    for v in contexts:
        src = f"context {v.ctx.wire}"
        names += [(v.store, src), (v.set, src), (v.get, src), (v.key_var, src),
                  (v.members_var, src), (v.members_type, src)]
    names += [(f.store, f.wire) for f in calls]
    claim("the Svelte bindings", names)
    return SvelteView(tuple(imports), contexts, calls)
