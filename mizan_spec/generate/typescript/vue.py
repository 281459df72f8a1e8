"""The view of `vue.ts`, the Vue 3 bindings: per context a `provideXxxContext(args)` and
`useXxxContext()` with a `useXxx()` per member, per plain function a `useXxx()`
mutation, and exactly the imports the file uses (the build is `noUnusedLocals`)."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.frontends import (
    CallView,
    ContextView,
    Frontend,
    claim,
)

FIXED = ("MizanClientKey", "HeaderObject", "MizanOptions", "headersKey", "makeClient",
         "createMizan", "provideMizan", "useMizanClient", "ContextState", "MemberState",
         "CallState", "onDispose", "contextState", "memberState", "callState")


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
    calls: tuple[CallView, ...]


def vue_view(front: Frontend) -> VueView:
    """Raises GenerateError when two exports of vue.ts would share a name."""
    contexts = tuple(VueContext(
        ctx=c, provide=f"provide{c.pascal}Context", hook=f"use{c.pascal}Context",
        key_var=f"{c.pascal}ContextKey", members_var=f"{c.pascal}ContextMembers")
        for c in front.contexts)
    vue = ["inject", "isRef", "provide", "toValue", "watch"]
    if contexts or front.calls:
        vue += ["computed", "getCurrentScope", "onScopeDispose", "shallowRef"]
    vue_types = ["App", "InjectionKey", "Ref"] + (["MaybeRefOrGetter"] if contexts else [])
    kernel = ["MizanClient", "MizanError", "ClientOptions"]
    live: list[str] = []
    if contexts:
        kernel.append("MemberOutcome")
        live += ["initialContext", "memberSnapshot", "watchContext", "type ContextSnapshot",
                 "type ContextWatch", "type MemberSnapshot"]
    if front.calls:
        live += ["watchCall", "type CallSnapshot"]
    api = ["createClient", *(c.fetch_name for c in front.contexts),
           *(f.call_name for f in front.calls), *(f"type {c.results_type}" for c in front.contexts)]
    imports = [f'import {{ {", ".join(sorted(vue))} }} from "vue";',
               f'import type {{ {", ".join(sorted(vue_types))} }} from "vue";',
               "import type { " + ", ".join(kernel) + ' } from "./kernel.js";',
               "import { " + ", ".join(api) + ' } from "./api.js";']
    if live:
        imports.append("import { " + ", ".join(live) + ' } from "./live.js";')
    imports += front.api_imports
    names = [(n, n) for n in FIXED] + list(front.claimed)
    names += [(n, n) for n in vue + vue_types]
    for v in contexts:
        src = f"context {v.ctx.wire}"
        names += [(v.provide, src), (v.hook, src), (v.key_var, src), (v.members_var, src)]
        names += [(m.hook, m.wire) for m in v.ctx.members]
    names += [(f.hook, f.wire) for f in front.calls]
    claim("the Vue bindings", names)
    return VueView(tuple(imports), contexts, front.calls)
