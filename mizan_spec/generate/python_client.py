"""The Python client generator: `client.py` for a generated package, over httpx.

`render_python_client(ir, spec_label)` returns the module's text. It imports the models
from the sibling `models.py` (class names = spec names, `str` enums) and offers a sync
`Client` and an async `AsyncClient`, each with one typed method per callable function,
one `fetch_<context>` per context, typed exceptions per protocol error code, and the
IR-hash check. Names and types are computed here; `generators/python-client/` lays out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from mizan_spec import __version__
from mizan_spec.check.generated_names import client_method, context_class, context_method
from mizan_spec.check.names import python_param_name
from mizan_spec.generate.python.imports import block
from mizan_spec.generate.python.pytypes import Imports, type_text
from mizan_spec.generate.python.views import call_text
from mizan_spec.generate.python_client_channels import subscribe_methods
from mizan_spec.generate.python_client_forms import FormParam, form_calls, form_stdlib
from mizan_spec.generate.templates import environment
from mizan_spec.ir.emit import emit_ir, ir_hash
from mizan_spec.ir.kinds import is_query
from mizan_spec.ir.model import IR, Field, Function
from mizan_spec.ir.types import Optional, TypeExpr
from mizan_spec.wire_codes import ERROR_STATUS, SOCKET_ERROR_STATUS

ERROR_CLASSES: tuple[tuple[str, str], ...] = (
    ("malformed_json", "MalformedJson"), ("invalid_request", "InvalidRequest"),
    ("not_authenticated", "NotAuthenticated"), ("forbidden", "Forbidden"),
    ("csrf_failed", "CsrfFailed"), ("not_found", "NotFound"),
    ("unknown_function", "UnknownFunction"), ("unknown_context", "UnknownContext"),
    ("method_not_allowed", "MethodNotAllowed"), ("payload_too_large", "PayloadTooLarge"),
    ("unsupported_media_type", "UnsupportedMediaType"), ("invalid_args", "InvalidArgs"),
    ("internal_error", "InternalError"),
    ("ir_hash_mismatch", "IrHashMismatch"), ("transport_error", "TransportError"),
    ("bad_response", "BadResponse"),
)
"""Protocol error codes and their exception classes; the last three the client raises
itself (another API on the server, no answer, an answer that is not the protocol)."""

SOCKET_ERROR_CLASSES: tuple[tuple[str, str], ...] = (
    ("unknown_frame_type", "UnknownFrameType"), ("unknown_channel", "UnknownChannel"),
    ("unknown_subscription", "UnknownSubscription"), ("send_not_allowed", "SendNotAllowed"),
    ("frame_too_large", "FrameTooLarge"), ("too_many_subscriptions", "TooManySubscriptions"),
    ("unavailable", "Unavailable"),
)
"""The codes only the WebSocket sends (spec/protocol.md §11.9), in a client that uses it."""

STATUSES: tuple[tuple[str, int], ...] = tuple(ERROR_STATUS.items())
"""The HTTP status of each protocol error code (spec/protocol.md §7)."""

MODULE_NAMES = frozenset({
    "IR_HASH", "Client", "AsyncClient", "MizanError", "Issue", "Session", "Outcome",
    "Reply", "Invalidate", "Merge", "STATUSES", "Unset", "UNSET", "IrHashWarning", "ERRORS",
    "IrHashPolicy", "JsonValue", "TypeAdapter", "to_jsonable_python", "Any", "Generic",
    "Literal", "Self", "TypeVar", "cast", "Mapping", "dataclass", "httpx", "inspect", "json",
    "warnings", "datetime", "decimal", "uuid", "asyncio", "Callable", "Subscription",
    "contextlib", "AsyncIterator", "Connection", "ConnectionState", "WEBSOCKET_FUNCTIONS",
    *(cls for _, cls in ERROR_CLASSES), *(cls for _, cls in SOCKET_ERROR_CLASSES),
})
"""What client.py defines or imports at module level: a spec type of one of these names
is imported under a `_` alias (`from .models import Client as _Client`)."""

_QUALIFIED = frozenset({"datetime", "decimal", "uuid"})


class PythonClientError(Exception):
    """The IR cannot be rendered as a Python client (a generated name would collide; the
    checker reports these, E206, so only an IR no spec checks clean gets here)."""


@dataclass(frozen=True)
class _Param:
    name: str  # Python
    wire: str
    annotation: str
    optional: bool


@dataclass(frozen=True)
class _Method:
    name: str
    wire: str
    doc: str
    params: tuple[_Param, ...]
    returns: str  # annotation
    adapter: str | None  # module-level TypeAdapter name; None for a null result

    def result(self, awaiting: str) -> str:
        """The method's last line: `return <adapter>.validate_python(self.call(...))`."""
        call = f"{awaiting}self.call({json.dumps(self.wire)}, _wire)"
        if self.adapter is None:
            return f"        {call}"
        return call_text("        ", f"return {self.adapter}.validate_python", [call], None)


@dataclass(frozen=True)
class _Adapter:
    """`_<function>_result`: the TypeAdapter that reads a function's result."""

    name: str
    annotation: str

    def definition(self) -> str:
        return call_text("", f"{self.name}: TypeAdapter[{self.annotation}] = TypeAdapter",
                         [self.annotation], None)


def adapter_name(function: str) -> str:
    """Module-level and starting with `_`, it meets no spec name (they start with a
    letter) and no other name of the module (none ends in `_result`)."""
    return f"_{function}_result"


@dataclass(frozen=True)
class _Member:
    name: str  # the attribute of the result class
    wire: str
    returns: str
    adapter: str | None

    def outcome(self) -> str:
        """`name=_outcome(<adapter>, _results.get("wire")),` in the result's constructor."""
        return call_text(" " * 12, f"{self.name}=_outcome",
                         [self.adapter or "None", f"_results.get({json.dumps(self.wire)})"],
                         None) + ","


@dataclass(frozen=True)
class _Context:
    wire: str
    method: str
    result_class: str
    doc: str
    params: tuple[_Param, ...]
    members: tuple[_Member, ...]


def _param(p: Field, imports: Imports, classes: frozenset[str]) -> _Param:
    optional = p.has_default or isinstance(p.type, Optional)
    annotation = type_text(p.type, imports)
    if optional:  # `Unset` before `None`, as ruff wants unions written
        annotation = (annotation.removesuffix(" | None") + " | Unset | None"
                      if isinstance(p.type, Optional) else annotation + " | Unset")
    name = python_param_name(p.name)  # `self` -> `self_`; nor may it hide a result class
    return _Param(f"{name}_" if name in classes else name, p.name, annotation, optional)


def _form_param(p: FormParam) -> _Param:
    if not p.optional:
        return _Param(p.name, p.wire, p.annotation, False)
    nullable = p.annotation.endswith(" | None")
    annotation = p.annotation.removesuffix(" | None") + " | Unset" + (" | None" if nullable
                                                                       else "")
    return _Param(p.name, p.wire, annotation, True)


def _docstring(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _function_doc(f: Function) -> str:
    lines = [f.doc] if f.doc else [f"Call `{f.name}`."]
    if f.auth != "public":
        lines.append(f"Auth: {f.auth}.")
    affects = [*(f"context {c}" for c in f.affects_contexts), *f.affects_functions]
    if affects:
        lines.append("Invalidates " + ", ".join(affects) + ".")
    elif is_query(f):
        lines.append("A query: it changes nothing, so its result may be cached.")
    return _docstring("\n\n".join([lines[0], " ".join(lines[1:])]) if len(lines) > 1
                      else lines[0])


def _title(spec_label: str) -> str:
    """The docstring's first line (two, when the input path is long)."""
    title = f"Generated by mizan-spec {__version__} from {spec_label}. Do not edit: regenerate."
    if len(title) + 3 > 99:
        title = (f"Generated by mizan-spec {__version__} from\n{spec_label}.\n"
                 "Do not edit: regenerate.")
    return title


def render_python_client(ir: IR, spec_label: str, ir_text: str | None = None) -> str:
    """The text of `client.py` for `ir`; `spec_label` names the spec in the header
    (`ir_text`: the canonical IR, when the caller has it already)."""
    functions = [f for f in ir.functions if f.route is None]
    fetched = [(c, members) for c in ir.contexts
               if (members := [fn for m in c.members
                               if (fn := ir.function(m)) and fn.route is None])]
    classes = frozenset(context_class(c.name) for c, _ in fetched)
    # a spec type named like a module-level name of the client is imported as `_Name`;
    # stdlib scalars are named through their module (`datetime.date`), so a method of
    # the client (a function named `date`) never hides them
    imports = Imports(defined=MODULE_NAMES | classes, qualified=_QUALIFIED,
                      runtime=False)

    def returns(t: TypeExpr | None) -> str:
        return "None" if t is None else type_text(t, imports)

    adapters = [_Adapter(adapter_name(f.name), returns(f.returns))
                for f in functions if f.returns is not None]
    methods = []
    for f in functions:
        methods.append(_Method(client_method(f.name, classes), f.name, _function_doc(f),
                               tuple(_param(p, imports, classes) for p in f.params),
                               returns(f.returns),
                               None if f.returns is None else adapter_name(f.name)))
    for form_call in form_calls(ir):
        adapter = None
        if form_call.returns is not None:
            adapter = adapter_name(form_call.method)
            adapters.append(_Adapter(adapter, returns(form_call.returns)))
        methods.append(_Method(form_call.method, form_call.wire, _docstring(form_call.doc),
                               tuple(_form_param(p) for p in form_call.params),
                               returns(form_call.returns), adapter))

    def message_adapter(channel: str, message: TypeExpr) -> str:
        adapters.append(_Adapter(f"_{channel}_message", returns(message)))
        return f"_{channel}_message"

    subscriptions = subscribe_methods(ir, returns, message_adapter)
    contexts = []
    for c, members in fetched:
        union: dict[str, Field] = {}
        for fn in members:
            for p in fn.params:
                union.setdefault(p.name, p)
        contexts.append(_Context(
            c.name, context_method(c.name), context_class(c.name),
            _docstring(c.doc or f"Fetch every member of the `{c.name}` context at once."),
            tuple(_param(union[n], imports, classes) for n in sorted(union)),
            tuple(_Member(client_method(fn.name, classes), fn.name, returns(fn.returns),
                          None if fn.returns is None else adapter_name(fn.name))
                  for fn in members)))
    taken: dict[str, str] = {}
    for name, source in [*((m.name, m.wire) for m in methods),
                         *((c.method, f"context {c.wire}") for c in contexts),
                         *((c.result_class, f"context {c.wire}") for c in contexts)]:
        module_level = name == context_class(source.removeprefix("context "))
        if name in taken or (module_level and name in MODULE_NAMES):
            raise PythonClientError(f"`{source}` would be named `{name}`, which is taken")
        taken[name] = source
    websocket_functions = sorted(f.name for f in functions if f.websocket)
    realtime = bool(ir.channels or websocket_functions)
    stdlib = sorted({"inspect", "json", "warnings",
                     *(["asyncio", "contextlib"] if realtime else [])}
                    | imports.modules | form_stdlib(ir))
    env = environment("python-client")
    return env.get_template("client.py.j2").render(
        title=_title(spec_label), ir_hash=ir_hash(ir_text or emit_ir(ir)),
        model_imports=block({".models": imports.models}, []) if imports.models else [],
        stdlib=stdlib, methods=methods, contexts=contexts, adapters=adapters,
        errors=ERROR_CLASSES + (SOCKET_ERROR_CLASSES if realtime else ()),
        statuses=STATUSES + (tuple(SOCKET_ERROR_STATUS.items()) if realtime else ()),
        json=json.dumps, subscriptions=subscriptions,
        realtime=realtime, websocket_functions=websocket_functions,
    )
