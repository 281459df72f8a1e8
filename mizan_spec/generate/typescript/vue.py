"""The view of `vue.ts`, the Vue 3 bindings: per context a `provideXxxContext(args)` and
`useXxxContext()` with a `useXxx()` per member, per query a `useXxx(args)` composable,
per mutation a `useXxx()`, and exactly the imports the file uses (the build is
`noUnusedLocals`)."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.frontends import CallView, ContextView, Frontend
from mizan_spec.generate.typescript.names import Namespace

FIXED = ("MizanClientKey", "HeaderObject", "MizanOptions", "headersKey", "makeClient",
         "createMizan", "provideMizan", "useMizanClient", "ContextState", "MemberState",
         "CallState", "QueryState", "onDispose", "contextState", "memberState", "callState",
         "queryState")


@dataclass(frozen=True)
class VueContext:
    ctx: ContextView
    provide: str
    hook: str
    key_var: str
    members_var: str


@dataclass(frozen=True)
class VueView:
    imports: tuple[str, ...]
    contexts: tuple[VueContext, ...]
    queries: tuple[CallView, ...]
    calls: tuple[CallView, ...]


def vue_view(front: Frontend) -> VueView:
    """The names vue.ts declares are claimed after everything it imports or shares with
    React (member and function hooks): one already taken gets `_` appended."""
    vue = ["inject", "isRef", "provide", "toValue", "watch"]
    if front.contexts or front.queries or front.calls:
        vue += ["computed", "getCurrentScope", "onScopeDispose", "shallowRef"]
    vue_types = ["App", "InjectionKey", "Ref"]
    if front.contexts or front.queries:
        vue_types.append("MaybeRefOrGetter")
    ns = Namespace([*FIXED, *vue, *vue_types, *(n for n, _ in front.claimed),
                    *(m.hook for c in front.contexts for m in c.members),
                    *(f.hook for f in (*front.queries, *front.calls))])
    contexts = tuple(VueContext(
        ctx=c, provide=ns.claim(f"provide{c.pascal}Context"),
        hook=ns.claim(f"use{c.pascal}Context"),
        key_var=ns.claim(f"{c.pascal}ContextKey"),
        members_var=ns.claim(f"{c.pascal}ContextMembers"))
        for c in front.contexts)
    kernel = ["MizanClient", "MizanError", "ClientOptions"]
    live: list[str] = []
    if contexts:
        kernel.append("MemberOutcome")
        live += ["initialContext", "memberSnapshot", "watchContext", "type ContextSnapshot",
                 "type ContextWatch", "type MemberSnapshot"]
    if front.queries:
        live += ["initialQuery", "watchQuery", "type QuerySnapshot", "type QueryWatch"]
    if front.calls:
        live += ["watchCall", "type CallSnapshot"]
    api = ["createClient", *(c.fetch_name for c in front.contexts),
           *(f.call_name for f in (*front.queries, *front.calls)),
           *(f"type {c.results_type}" for c in front.contexts)]
    imports = [f'import {{ {", ".join(sorted(vue))} }} from "vue";',
               f'import type {{ {", ".join(sorted(vue_types))} }} from "vue";',
               "import type { " + ", ".join(kernel) + ' } from "./kernel.js";',
               "import { " + ", ".join(api) + ' } from "./api.js";']
    if live:
        imports.append("import { " + ", ".join(live) + ' } from "./live.js";')
    imports += front.api_imports
    return VueView(tuple(imports), contexts, front.queries, front.calls)
