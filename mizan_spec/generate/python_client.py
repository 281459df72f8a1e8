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
from mizan_spec.generate.python_client_forms import (
    FormParam,
    form_calls,
    form_stdlib,
    form_type_names,
)
from mizan_spec.generate.templates import environment
from mizan_spec.ir.emit import emit_ir, ir_hash
from mizan_spec.ir.kinds import is_query
from mizan_spec.ir.model import IR, Field, Function
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr, names_in
from mizan_spec.wire_codes import ERROR_STATUS

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

STATUSES: tuple[tuple[str, int], ...] = tuple(ERROR_STATUS.items())
"""The HTTP status of each protocol error code (spec/protocol.md §7)."""

MODULE_NAMES = frozenset({
    "IR_HASH", "Client", "AsyncClient", "MizanError", "Issue", "Session", "Outcome",
    "Reply", "Invalidate", "Merge", "STATUSES", "Unset", "UNSET", "IrHashWarning", "ERRORS",
    "IrHashPolicy", "JsonValue", "TypeAdapter", "to_jsonable_python", "Any", "Generic",
    "Literal", "Self", "TypeVar", "cast", "Mapping", "dataclass", "httpx", "inspect", "json",
    "warnings", "datetime", "decimal", "uuid", *(cls for _, cls in ERROR_CLASSES),
})
"""What client.py defines or imports at module level: a spec type of one of these names
is imported under a `_` alias (`from .models import Client as _Client`)."""

_SCALARS = {"int": "int", "float": "float", "str": "str", "bool": "bool",
            "date": "datetime.date", "datetime": "datetime.datetime", "uuid": "uuid.UUID",
            "decimal": "decimal.Decimal", "json": "JsonValue", "email": "str", "url": "str"}


class PythonClientError(Exception):
    """The IR cannot be rendered as a Python client (a generated name would collide; the
    checker reports these, E206, so only an IR no spec checks clean gets here)."""


def py_type(t: TypeExpr, models: dict[str, str] | None = None) -> str:
    """A type expression as a Python annotation (models by their local names)."""
    if isinstance(t, Named):
        if t.name in _SCALARS:
            return _SCALARS[t.name]
        return (models or {}).get(t.name, t.name)
    if isinstance(t, ListOf):
        return f"list[{py_type(t.item, models)}]"
    if isinstance(t, DictOf):
        return f"dict[str, {py_type(t.value, models)}]"
    assert isinstance(t, Optional)
    return f"{py_type(t.inner, models)} | None"


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


@dataclass(frozen=True)
class _Member:
    name: str  # the attribute of the result class
    wire: str
    returns: str
    adapter: str | None


@dataclass(frozen=True)
class _Context:
    wire: str
    method: str
    result_class: str
    doc: str
    params: tuple[_Param, ...]
    members: tuple[_Member, ...]


def _param(p: Field, models: dict[str, str], classes: frozenset[str]) -> _Param:
    optional = p.has_default or isinstance(p.type, Optional)
    annotation = py_type(p.type, models)
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


def render_python_client(ir: IR, spec_label: str) -> str:
    """The text of `client.py` for `ir`; `spec_label` names the spec in the header."""
    functions = [f for f in ir.functions if f.route is None]
    fetched = [(c, members) for c in ir.contexts
               if (members := [fn for m in c.members
                               if (fn := ir.function(m)) and fn.route is None])]
    classes = frozenset(context_class(c.name) for c, _ in fetched)
    used = sorted({n.name for f in functions
                   for t in [*(p.type for p in f.params), *([f.returns] if f.returns else [])]
                   for n in names_in(t) if not n.is_scalar} | form_type_names(ir))
    models = {n: f"_{n}" if n in MODULE_NAMES or n in classes else n for n in used}
    adapters: dict[str, str] = {}  # annotation -> adapter name

    def adapter(t: TypeExpr | None) -> str | None:
        if t is None:
            return None
        ann = py_type(t, models)
        return adapters.setdefault(ann, f"_R{len(adapters)}")

    def returns(t: TypeExpr | None) -> str:
        return "None" if t is None else py_type(t, models)

    methods = []
    for f in functions:
        methods.append(_Method(client_method(f.name, classes), f.name, _function_doc(f),
                               tuple(_param(p, models, classes) for p in f.params),
                               returns(f.returns), adapter(f.returns)))
    methods.extend(_Method(c.method, c.wire, _docstring(c.doc),
                           tuple(_form_param(p) for p in c.params), returns(c.returns),
                           adapter(c.returns)) for c in form_calls(ir))
    contexts = []
    for c, members in fetched:
        union: dict[str, Field] = {}
        for fn in members:
            for p in fn.params:
                union.setdefault(p.name, p)
        contexts.append(_Context(
            c.name, context_method(c.name), context_class(c.name),
            _docstring(c.doc or f"Fetch every member of the `{c.name}` context at once."),
            tuple(_param(union[n], models, classes) for n in sorted(union)),
            tuple(_Member(client_method(fn.name, classes), fn.name, returns(fn.returns),
                          adapter(fn.returns)) for fn in members)))
    taken: dict[str, str] = {}
    for name, source in [*((m.name, m.wire) for m in methods),
                         *((c.method, f"context {c.wire}") for c in contexts),
                         *((c.result_class, f"context {c.wire}") for c in contexts)]:
        module_level = name == context_class(source.removeprefix("context "))
        if name in taken or (module_level and name in MODULE_NAMES):
            raise PythonClientError(f"`{source}` would be named `{name}`, which is taken")
        taken[name] = source
    scalars_used = {n.name for f in functions
                    for t in [*(p.type for p in f.params), *([f.returns] if f.returns else [])]
                    for n in names_in(t)}
    stdlib = sorted({"inspect", "json", "warnings"}
                    | {"datetime" for s in ("date", "datetime") if s in scalars_used}
                    | ({"decimal"} if "decimal" in scalars_used else set())
                    | ({"uuid"} if "uuid" in scalars_used else set()) | form_stdlib(ir))
    env = environment("python-client")
    return env.get_template("client.py.j2").render(
        title=_title(spec_label), ir_hash=ir_hash(emit_ir(ir)),
        model_imports=block({".models": models}, []) if models else [], stdlib=stdlib,
        methods=methods, contexts=contexts,
        adapters=sorted(((name, ann) for ann, name in adapters.items()),
                        key=lambda x: int(x[0][2:])),
        errors=ERROR_CLASSES, statuses=STATUSES, json=json.dumps,
    )
