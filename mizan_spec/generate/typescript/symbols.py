"""Every identifier the TypeScript client derives from a spec name, decided once.

The client's own names come first: what kernel.ts, api.ts and react.ts export or use at
the top level (their helpers, the globals they use, the import aliases). Names derived
from the spec are claimed after them, functions before contexts, in IR order, in two
scopes: the client scope (api.ts, react.ts, and the top level of index.ts) and the args
scope (args.ts). A derived name already taken gets `_` appended, so a function named
`call` has the hook `useCall_` (the bindings' own helper is `useCall`) and nothing a
spec declares can shadow what generated code refers to.

Spec types keep their names: in types.ts they are the only declarations, and elsewhere
they are read through the `types` namespace. index.ts re-exports them at the top level
except where the client exports the same name (then they stay `types.Name`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mizan_spec.generate.typescript.names import Namespace, camel, pascal
from mizan_spec.ir.model import IR, Function

KERNEL_VALUES = frozenset(["PROTOCOL_ERROR_CODES", "MizanError", "errorFromEnvelope",
                           "MizanClient"])
KERNEL_TYPES = frozenset([
    "JsonValue", "JsonObject", "ProtocolErrorCode", "ErrorCode", "Issue", "MemberOutcome",
    "ParamSpec", "FunctionSpec", "Schema", "SessionUser", "SessionInfo", "IrHashPolicy",
    "HeaderMap", "ClientOptions", "CacheChange", "CacheListener", "CallTransport",
])
API_VALUES = frozenset(["IR_HASH", "SCHEMA", "createClient", "setDefaultClient",
                        "defaultClient"])
REACT_VALUES = frozenset(["MizanContext", "useMizanClient"])
REALTIME_VALUES = frozenset(["RealtimeConnection", "realtime", "useChannel"])
REALTIME_TYPES = frozenset(["ConnectionState", "RealtimeOptions", "SubscribeOptions",
                            "ChannelState", "SendChannelState", "ChannelHookOptions"])
REACT_TYPES = frozenset(["MizanContextProps", "ContextState", "MemberState", "CallState",
                         "QueryState"])
LOCALS = frozenset([
    "current",  # api.ts
    "React", "ClientContext", "asMizanError", "useContextState", "memberState", "useCall",
    "_useQuery",  # react.ts
])
FORMS_VALUES = frozenset(["FORM_WHITESPACE", "formCheck", "formZod", "formPattern"])
FORMS_TYPES = frozenset(["FormDescription", "FormFieldDescription", "FormValidation",
                         "FormFieldRule", "FormFieldKind"])
FORMS_LOCALS = frozenset(["z", "formStrip", "formField", "formDecimalParts",
                          "formDecimalCompare", "formIsDate", "formLength",
                          "FORM_EMAIL", "FORM_URL", "Judged", "FormState", "FormFieldBinding",
                          "useFormState"])
IMPORT_ALIASES = frozenset(["types", "args", "mizan"])
GLOBALS = frozenset([
    "Promise", "Error", "JSON", "Object", "Array", "Map", "Set", "String", "Number",
    "Boolean", "Record", "Omit", "Partial", "Readonly", "undefined", "console", "fetch",
])
"""Globals generated code refers to (and a few it may): never the name of a declaration."""

ARGS_FIXED = IMPORT_ALIASES | {"JsonValue"}
CLIENT_FIXED = (KERNEL_VALUES | KERNEL_TYPES | API_VALUES | REACT_VALUES | REACT_TYPES
                | REALTIME_VALUES | REALTIME_TYPES | LOCALS | IMPORT_ALIASES | GLOBALS
                | FORMS_VALUES | FORMS_TYPES | FORMS_LOCALS)


@dataclass(frozen=True)
class FunctionSymbols:
    call: str  # api.ts: `callListPosts`
    hook: str  # react.ts: `useListPosts`
    args: str  # args.ts: `ListPosts`


@dataclass(frozen=True)
class ContextSymbols:
    fetch: str  # api.ts: `fetchUser`
    results: str  # api.ts: `UserContextResults`
    provider: str  # react.ts: `UserProvider`
    props: str  # react.ts: `UserProviderProps`
    hook: str  # react.ts: `useUserContext`
    state: str  # react.ts (not exported): the React context object
    members: str  # react.ts (not exported): the member names
    args: str  # args.ts: `UserContext`


@dataclass(frozen=True)
class ChannelSymbols:
    subscribe: str  # channels.ts: `subscribeChat`
    send: str  # channels.ts: `sendChat` (used only when the channel has a send type)
    params: str  # channels.ts: `ChatChannelParams`
    hook: str  # react_channels.ts: `useChatChannel`


@dataclass(frozen=True)
class FormSymbols:
    schema: str  # forms.ts: `contactSchema` (the server's description)
    validate: str  # forms.ts: `contactValidate` (the server's check)
    submit: str  # forms.ts: `contactSubmit`
    check: str  # forms.ts: `contactCheck` (the same check, in the client)
    zod: str  # forms.ts: `contactZod`
    spec: str  # forms.ts: `ContactFormRules`, the fields' rules
    data: str  # forms.ts: `ContactData`
    result: str  # forms.ts: `ContactResult`
    hook: str  # react.ts: `useContactForm`


@dataclass(frozen=True)
class Symbols:
    functions: dict[str, FunctionSymbols]  # callable functions, by wire name
    contexts: dict[str, ContextSymbols]  # contexts with a callable member, by wire name
    exported: dict[str, tuple[str, bool]]  # top-level export -> (module, is a type only)
    channels: dict[str, ChannelSymbols] = field(default_factory=dict)
    forms: dict[str, FormSymbols] = field(default_factory=dict)  # by form name

    def function(self, fn: Function) -> FunctionSymbols:
        return self.functions[fn.name]


def callable_functions(ir: IR) -> list[Function]:
    """Functions reachable through call/ (route functions are views, not callable)."""
    return [f for f in ir.functions if f.route is None]


def client_contexts(ir: IR) -> list[str]:
    """Contexts with at least one callable member, in IR order."""
    return [c.name for c in ir.contexts if any(
        (fn := ir.function(m)) is not None and fn.route is None for m in c.members)]


def needs_realtime(ir: IR) -> bool:
    """Whether the client gets realtime.ts: the IR declares a channel or a function
    offered over the WebSocket."""
    return bool(ir.channels) or any(f.websocket for f in callable_functions(ir))


def build_symbols(ir: IR) -> Symbols:
    client = Namespace(CLIENT_FIXED)
    args = Namespace(ARGS_FIXED)
    exported: dict[str, tuple[str, bool]] = {}
    for module, values, types in (("kernel", KERNEL_VALUES, KERNEL_TYPES),
                                  ("api", API_VALUES, frozenset[str]()),
                                  ("react", REACT_VALUES, REACT_TYPES)):
        exported.update({n: (module, False) for n in values})
        exported.update({n: (module, True) for n in types})
    functions: dict[str, FunctionSymbols] = {}
    for f in callable_functions(ir):
        p = pascal(f.name)
        functions[f.name] = FunctionSymbols(client.claim(f"call{p}"), client.claim(f"use{p}"),
                                            args.claim(p))
        exported[functions[f.name].call] = ("api", False)
        exported[functions[f.name].hook] = ("react", False)
    contexts: dict[str, ContextSymbols] = {}
    for name in client_contexts(ir):
        p = pascal(name)
        c = ContextSymbols(
            fetch=client.claim(f"fetch{p}"), results=client.claim(f"{p}ContextResults"),
            provider=client.claim(f"{p}Provider"), props=client.claim(f"{p}ProviderProps"),
            hook=client.claim(f"use{p}Context"), state=client.claim(f"{p}State"),
            members=client.claim(f"{p}Members"), args=args.claim(f"{p}Context"))
        contexts[name] = c
        exported.update({c.fetch: ("api", False), c.results: ("api", True),
                         c.provider: ("react", False), c.props: ("react", True),
                         c.hook: ("react", False)})
    if needs_realtime(ir):
        exported.update({n: ("realtime", False) for n in REALTIME_VALUES - {"useChannel"}})
        exported.update({n: ("realtime", True) for n in REALTIME_TYPES
                         if n not in ("ChannelState", "SendChannelState", "ChannelHookOptions")})
    channels: dict[str, ChannelSymbols] = {}
    for ch in ir.channels:  # after functions and contexts: their names never change
        p = pascal(ch.name)
        cs = ChannelSymbols(client.claim(f"subscribe{p}"), client.claim(f"send{p}"),
                            client.claim(f"{p}ChannelParams"), client.claim(f"use{p}Channel"))
        channels[ch.name] = cs
        exported.update({cs.subscribe: ("channels", False), cs.params: ("channels", True),
                         cs.hook: ("react_channels", False)})
        if ch.send is not None:
            exported[cs.send] = ("channels", False)
    forms: dict[str, FormSymbols] = {}
    if ir.forms:
        exported.update({n: ("forms", False) for n in FORMS_VALUES})
        exported.update({n: ("forms", True) for n in FORMS_TYPES})
    for form in ir.forms:
        p, lower = pascal(form.name), camel(form.name)
        forms[form.name] = fs = FormSymbols(
            schema=client.claim(f"{lower}Schema"), validate=client.claim(f"{lower}Validate"),
            submit=client.claim(f"{lower}Submit"), check=client.claim(f"{lower}Check"),
            zod=client.claim(f"{lower}Zod"), spec=client.claim(f"{p}FormRules"),
            data=client.claim(f"{p}Data"), result=client.claim(f"{p}Result"),
            hook=client.claim(f"use{p}Form"))
        exported.update({fs.schema: ("forms", False), fs.validate: ("forms", False),
                         fs.submit: ("forms", False), fs.check: ("forms", False),
                         fs.zod: ("forms", False), fs.data: ("forms", True),
                         fs.result: ("forms", True), fs.spec: ("forms", False),
                         fs.hook: ("react-forms", False)})
    return Symbols(functions, contexts, exported, channels, forms)
