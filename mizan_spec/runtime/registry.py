"""The registry of server functions: filled by `@client` or directly, exported as IR.

`Registry.add` is the one way in (the decorator and generated stubs both call it). It
reads the function's signature once, checks the language rules that can be checked at
that point, and builds the pydantic models the protocol validates with. Rules that need
the whole registry (affects targets, predicate names) are checked by `export_ir`.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, create_model
from pydantic.fields import FieldInfo

from mizan_spec.ir import model as irm
from mizan_spec.ir.durations import MAX_SECONDS, parse_duration
from mizan_spec.ir.emit import emit_ir, ir_hash
from mizan_spec.ir.finish import finish_ir
from mizan_spec.runtime.call import Call
from mizan_spec.runtime.nullable import Lenient
from mizan_spec.runtime.realtime.declare import ChannelEntry, build_channel
from mizan_spec.runtime.redefinition import redefines
from mizan_spec.runtime.typemap import RegistrationError, TypeCollector, _doc, field_of

Predicate = Callable[[Call, dict[str, Any]], bool | Awaitable[bool]]
"""An auth predicate: `def` or `async def`; only `True` allows (spec/protocol.md §6.1)."""
AuthSpec = bool | str | Callable[..., bool | Awaitable[bool]] | None
AffectsSpec = str | Callable[..., Any] | Sequence[str | Callable[..., Any]] | None

_ARGS_CONFIG = ConfigDict(extra="forbid", allow_inf_nan=False)
_NAME_ATTR = "__mizan_name__"


@dataclass(frozen=True)
class Param:
    py_name: str
    annotation: Any
    info: FieldInfo
    field: irm.Field
    validated: Any = None
    """The annotation arguments are validated against (`annotation` with lenient models,
    see `nullable`); None means `annotation` itself."""

    @property
    def validation_annotation(self) -> Any:
        return self.annotation if self.validated is None else self.validated


@dataclass
class Entry:
    """One registered server function and everything the protocol needs to call it."""

    fn: Callable[..., Any]
    function: irm.Function  # affects not yet resolved
    params: tuple[Param, ...]
    affects: tuple[str | Callable[..., Any], ...]
    is_async: bool
    args_model: type[BaseModel]
    call_model: type[BaseModel]
    result: TypeAdapter[Any] | None
    form: str | None = None  # the form this entry serves (forms: spec/protocol.md §12)

    @property
    def name(self) -> str:
        return self.function.name


def _auth_name(auth: AuthSpec) -> tuple[str, Callable[..., bool | Awaitable[bool]] | None]:
    if auth is None or auth is False:
        return irm.AUTH_PUBLIC, None
    if auth is True:
        return irm.AUTH_AUTHENTICATED, None
    if isinstance(auth, str):
        return auth, None
    if callable(auth):
        name = getattr(auth, "__name__", "")
        if not name.isidentifier():
            raise RegistrationError("an auth predicate needs a name: use a `def`, not a lambda")
        return name, auth
    raise RegistrationError(f"auth must be True, a level name or a predicate, not {auth!r}")


def _cache_seconds(where: str, cache: str | int | None,
                   targets: tuple[str | Callable[..., Any], ...], route: str | None) -> int | None:
    """`cache=` of `@client`: a duration text (`"30s"`, as in specs) or whole seconds."""
    if cache is None:
        return None
    if isinstance(cache, str):
        seconds = parse_duration(cache)
    elif isinstance(cache, int) and not isinstance(cache, bool):
        seconds = cache if 1 <= cache <= MAX_SECONDS else None
    else:
        seconds = None
    if seconds is None:
        raise RegistrationError(f"{where}: cache must be a duration such as \"30s\" or \"5m\" "
                                f"(or whole seconds), from 1 second to a week, not {cache!r}")
    if targets:
        raise RegistrationError(f"{where}: a function with `affects` is a mutation and cannot "
                                "be cached")
    if route is not None:
        raise RegistrationError(f"{where}: a route function returns its own response and "
                                "cannot be cached")
    return seconds


def _as_list(value: AffectsSpec) -> tuple[str | Callable[..., Any], ...]:
    if value is None:
        return ()
    if isinstance(value, str) or callable(value):
        return (value,)
    return tuple(value)


class Registry:
    """Server functions, context docs and named auth predicates."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._by_fn: dict[int, str] = {}
        self._context_docs: dict[str, str | None] = {}
        self._predicates: dict[str, tuple[Callable[..., bool | Awaitable[bool]], str | None]] = {}
        self._types = TypeCollector()
        self._lenient = Lenient()
        self._ir: irm.IR | None = None
        self._forms: dict[str, irm.Form] = {}
        self._form_entries: dict[str, Entry] = {}  # by wire name: `contact.submit`...
        self._form_enums: dict[str, irm.Enum] = {}  # enums given as IR to add_form
        self._channels: dict[str, ChannelEntry] = {}
        self.publishers: list[Any] = []
        """The realtime hubs serving this registry (`publish` reaches each)."""

    # -- filling -------------------------------------------------------------------

    def register_context(self, name: str, doc: str | None = None) -> None:
        self._context_docs[name] = doc
        self._ir = None

    def register_predicate(self, name: str, fn: Callable[..., bool | Awaitable[bool]],
                           doc: str | None = None) -> None:
        """A named auth predicate: called as fn(call, args) with the validated args."""
        known = self._predicates.get(name)
        if known is not None and known[0] is not fn and not redefines(fn, known[0]):
            raise RegistrationError(f"two different auth predicates are named {name!r}")
        if name in irm.AUTH_LEVELS:
            raise RegistrationError(f"{name!r} is a built-in auth level, not a predicate name")
        self._predicates[name] = (fn, doc if doc is not None else _doc(fn))
        self._ir = None

    def add(self, fn: Callable[..., Any], *, name: str | None = None,
            context: str | None = None, affects: AffectsSpec = None,
            affects_functions: Sequence[str] = (), auth: AuthSpec = None,
            websocket: bool = False, route: str | None = None, rev: int = 1,
            doc: str | None = None, cache: str | int | None = None) -> Entry:
        """Register a server function (what `@client` does; generated stubs call it too)."""
        name = name or fn.__name__
        where = f"function {name!r}"
        if not name.isidentifier():
            raise RegistrationError(f"{where}: a function name must be an identifier")
        if name in self._entries:
            raise RegistrationError(f"{where} is registered twice")
        targets = _as_list(affects) + tuple(affects_functions)
        self._check_flags(where, context, targets, websocket, route, rev)
        cache_seconds = _cache_seconds(where, cache, targets, route)
        try:
            auth_name, predicate = _auth_name(auth)
        except RegistrationError as e:
            raise RegistrationError(f"{where}: {e}") from None
        if predicate is not None:
            self.register_predicate(auth_name, predicate)
        params, returns = self._signature(fn, where, route is not None)
        if context == irm.GLOBAL_CONTEXT:
            for p in params:
                if not p.field.has_default:
                    raise RegistrationError(f"{where}: members of the global context may only "
                                            f"have parameters with defaults ({p.field.name!r})")
        if context is not None:
            self._check_shared_params(where, context, params)
        ir_fn = irm.Function(
            name, tuple(p.field for p in params),
            None if route is not None or returns is None else self._types.type_of(returns, where),
            doc if doc is not None else _doc(fn), context, auth_name, websocket, route, rev,
            cache=cache_seconds)
        args_model = self._args_model(name, params)
        entry = Entry(
            fn, ir_fn, tuple(params), targets, inspect.iscoroutinefunction(fn), args_model,
            create_model(f"{name}__call", __config__=_ARGS_CONFIG, function=(str, ...),
                         args=(args_model, ...)),
            None if route is not None or returns is None else TypeAdapter(returns))
        self._entries[name] = entry
        self._by_fn[id(fn)] = name
        self._ir = None
        return entry

    def add_form(self, form: irm.Form, on_submit: Callable[..., Any] | None = None, *,
                 returns: Any = None, enums: Sequence[Any] = (), django_form: Any = None,
                 replace: bool = False) -> None:
        """Serve `form` as `<name>.schema`, `.validate` and `.submit` (see
        `mizan_spec.runtime.forms`); it is exported in the IR's forms. `replace`: a form of
        that name may be registered already (a re-imported Django form class), and this
        one takes its place."""
        from mizan_spec.runtime.forms import registration, serving
        if form.name in self._forms and not replace:
            raise RegistrationError(f"form {form.name!r} is registered twice")
        plan, ir_enums = registration.form_plan(form, on_submit=on_submit, returns=returns,
                                                enums=enums, django_form=django_form,
                                                types=self._types)
        self._forms[form.name] = form
        self._form_entries.update((e.name, e) for e in serving.form_entries(plan))
        self._form_enums.update(ir_enums)
        self._ir = None

    def add_channel(self, name: str, *, message: Any, params: type[BaseModel] | None = None,
                    send: Any = None, auth: AuthSpec = None, authorize: Any = None,
                    group: Any = None, on_send: Any = None,
                    doc: str | None = None) -> ChannelEntry:
        """Declare a channel (what `@channel` and `register_channel` do): see
        `mizan_spec.runtime.realtime.declare`."""
        if name in self._channels:
            raise RegistrationError(f"channel {name!r} is declared twice")
        try:
            auth_name, predicate = _auth_name(auth)
        except RegistrationError as e:
            raise RegistrationError(f"channel {name!r}: {e}") from None
        if predicate is not None:
            self.register_predicate(auth_name, predicate)
        entry = build_channel(self._types, name, message=message, params=params, send=send,
                              auth=auth_name, predicate=predicate, authorize=authorize,
                              group=group, on_send=on_send, doc=doc)
        self._channels[name] = entry
        self._ir = None
        return entry

    def channel(self, name: str) -> ChannelEntry | None:
        return self._channels.get(name)

    def channel_entries(self) -> list[ChannelEntry]:
        return [self._channels[n] for n in sorted(self._channels)]

    def publish(self, channel: str, params: Any, message: Any) -> None:
        """Publish `message` to the group `params` select, on every hub serving this
        registry (from sync code; in async code `await apublish(...)`)."""
        for hub in self.publishers:
            hub.publish(channel, params, message)

    async def apublish(self, channel: str, params: Any, message: Any) -> None:
        for hub in self.publishers:
            await hub.apublish(channel, params, message)

    def sign_out(self, user_id: str) -> None:
        """Close every WebSocket of this user and revoke their connection tokens (from
        sync code; `await asign_out` in async code), on every process: call it when the
        user signs out."""
        for hub in self.publishers:
            hub.sign_out_sync(user_id)

    async def asign_out(self, user_id: str) -> None:
        for hub in self.publishers:
            await hub.sign_out(user_id)

    def _check_flags(self, where: str, context: str | None,
                     targets: tuple[str | Callable[..., Any], ...], websocket: bool,
                     route: str | None, rev: int) -> None:
        if context is not None:
            if not context.isidentifier():
                raise RegistrationError(f"{where}: context name {context!r} is not an identifier")
            for flag, present in (("affects", bool(targets)), ("route", route is not None),
                                  ("websocket", websocket)):
                if present:
                    raise RegistrationError(f"{where}: a context member may not have `{flag}`")
        if isinstance(rev, bool) or not isinstance(rev, int) or rev < 1:
            raise RegistrationError(f"{where}: rev must be a positive integer")
        if route is not None and not route.startswith("/"):
            raise RegistrationError(f"{where}: a route starts with `/`")

    def _signature(self, fn: Callable[..., Any], where: str,
                   is_route: bool) -> tuple[list[Param], Any]:
        try:
            hints = typing.get_type_hints(fn, include_extras=True)
        except Exception as e:
            raise RegistrationError(f"{where}: cannot resolve annotations: {e}") from None
        sig = inspect.signature(fn)
        ps = list(sig.parameters.values())
        if not ps or ps[0].kind not in (ps[0].POSITIONAL_ONLY, ps[0].POSITIONAL_OR_KEYWORD):
            raise RegistrationError(f"{where}: the first parameter receives the Call object")
        params = []
        for p in ps[1:]:
            if p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
                raise RegistrationError(f"{where}: parameter {p.name!r} must be nameable")
            if p.name not in hints:
                raise RegistrationError(f"{where}: parameter {p.name!r} needs a type annotation")
            ann = hints[p.name]
            default = ... if p.default is inspect.Parameter.empty else p.default
            info = FieldInfo.from_annotated_attribute(ann, default)
            pwhere = f"{where}, parameter {p.name!r}"
            t = self._types.type_of(ann, pwhere)
            lenient = self._lenient.annotation(ann)
            params.append(Param(p.name, ann, info, field_of(info.alias or p.name, t, info, pwhere),
                                None if lenient is ann else lenient))
        if "return" not in hints and not is_route:
            raise RegistrationError(f"{where}: the return type needs an annotation")
        returns = hints.get("return")
        return params, None if returns is type(None) else returns

    def _check_shared_params(self, where: str, context: str, params: list[Param]) -> None:
        for other in self._entries.values():
            if other.function.context != context:
                continue
            theirs = {p.field.name: p.field for p in other.params}
            for p in params:
                o = theirs.get(p.field.name)
                if o is not None and (o.type, o.has_default, o.default) != (
                        p.field.type, p.field.has_default, p.field.default):
                    raise RegistrationError(
                        f"{where}: parameter {p.field.name!r} differs in type or default from "
                        f"the same parameter of {other.name!r}, in context {context!r}")

    @staticmethod
    def _args_model(name: str, params: list[Param]) -> type[BaseModel]:
        """Arguments by Python name. A `T | None` parameter without a default defaults to
        None, and models are validated through their lenient subclasses (`nullable`), so
        that what the IR calls `default=#null` is what the runtime does."""
        fields: dict[str, Any] = {}
        for p in params:
            info = p.info
            if info.is_required() and p.field.has_default:  # nullable: defaults to null
                info = FieldInfo.merge_field_infos(info, default=None)
            fields[p.py_name] = (p.validation_annotation, info)
        model: type[BaseModel] = create_model(f"{name}__args", __config__=_ARGS_CONFIG, **fields)
        return model

    # -- reading ---------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        return [self._entries[n] for n in sorted(self._entries)]

    def entry(self, name: str) -> Entry | None:
        return self._entries.get(name) or self._form_entries.get(name)

    def form_functions(self) -> list[irm.Function]:
        """The wire functions serving the registered forms (not IR functions)."""
        return [e.function for e in self._form_entries.values()]

    def predicate(self, name: str) -> Callable[..., bool | Awaitable[bool]] | None:
        found = self._predicates.get(name)
        return found[0] if found else None

    def name_of(self, fn: Callable[..., Any]) -> str | None:
        name = self._by_fn.get(id(fn)) or getattr(fn, _NAME_ATTR, None)
        return name if isinstance(name, str) and name in self._entries else None

    def _resolve_affects(self, entry: Entry) -> irm.Function:
        contexts, functions = [], []
        members = {e.function.context for e in self._entries.values()}
        for target in entry.affects:
            if isinstance(target, str) and not callable(target):
                if target in self._entries and target not in members:
                    functions.append(target)
                elif target not in members:
                    raise RegistrationError(f"function {entry.name!r} affects {target!r}, "
                                            "which is not a context with members")
                else:
                    contexts.append(target)
            else:
                name = self.name_of(target)
                if name is None:
                    raise RegistrationError(f"function {entry.name!r} affects "
                                            f"{getattr(target, '__name__', target)!r}, "
                                            "which is not a registered server function")
                functions.append(name)
        return replace(entry.function, affects_contexts=tuple(contexts),
                       affects_functions=tuple(functions))

    def export_ir(self) -> irm.IR:
        """The canonical IR of everything registered (checked, tree-shaken, sorted)."""
        if self._ir is None:
            functions = [self._resolve_affects(e) for e in self.entries()]
            forms = list(self._forms.values())
            enums = {**self._form_enums, **self._types.enums}
            channels = [c.channel for c in self.channel_entries()]
            named: list[tuple[str, irm.Function | irm.Channel | irm.Form]] = [
                *(("function", f) for f in functions), *(("channel", c) for c in channels),
                *(("form", f) for f in forms)]
            for kind, item in named:
                if item.auth not in irm.AUTH_LEVELS and item.auth not in self._predicates:
                    raise RegistrationError(f"{kind} {item.name!r}: auth {item.auth!r} is "
                                            "neither a level nor a registered predicate")
            self._ir = finish_ir(
                list(enums.values()), list(self._types.structs.values()),
                [irm.Predicate(n, d) for n, (_, d) in self._predicates.items()],
                [irm.Context(n, (), d) for n, d in self._context_docs.items()], functions,
                channels=channels, forms=forms)
        return self._ir

    def ir_text(self) -> str:
        return emit_ir(self.export_ir())

    def ir_hash(self) -> str:
        return ir_hash(self.ir_text())


default_registry = Registry()
"""The registry `@client` fills unless given another one."""
