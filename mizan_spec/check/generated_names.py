"""Names the generated Python client derives from the spec, and the clashes among them.

Generated Python never lets a spec name shadow what it imports or defines: imports take
`_` aliases, and a function named like something the client's classes already hold or
write in their signatures (`call`, `session`, `int`, `Any`, `UserContext`...) becomes a
method with a `_` suffix (`call_`), as `from` becomes `from_`. What is left are names
that would still meet in the client: a function and a context fetch (`fetch_user` and
`fetch_<user>`), two functions meeting through that suffix (`call` and `call_`), two
contexts whose result classes meet (`a_b` and `a__b` are both `ABContext`). Those are
refused here, so a spec `check` passes is one every Python generator renders.
"""

from __future__ import annotations

from mizan_spec.check.declarations import Declarations, EnumDecl, FunctionDecl, TypeDecl
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Related

CLIENT_MEMBERS = frozenset({
    "call", "call_raw", "session", "close", "aclose", "fetch_context", "http", "headers",
    "base_url", "on_ir_hash_mismatch", "read_session",
})
"""What `Client` and `AsyncClient` define besides the spec's functions."""

CLIENT_SIGNATURE_NAMES = frozenset({
    "int", "float", "str", "bool", "list", "dict", "datetime", "decimal", "uuid", "Any",
    "Mapping", "Self", "Session", "Reply", "Unset", "UNSET", "JsonValue", "Outcome", "httpx",
    "IrHashPolicy",
})
"""Module names the clients' method signatures and bodies read: a method of that name
would shadow them in the class body."""


def pascal(name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in name.split("_") if p)


CHANNELS_CLASS = "Channels"
"""The class of every channel's publisher in a `gen python` package (channels.py)."""


def channel_methods(channel: str, sends: bool) -> list[str]:
    """The implementation's methods for a channel, in the interface's order: its
    `authorize_<name>`, and `on_send_<name>` when clients may send to it."""
    return [f"authorize_{channel}"] + ([f"on_send_{channel}"] if sends else [])


def channel_classes(channel: str) -> tuple[str, str]:
    """The params model and the publisher class of a channel in channels.py."""
    base = pascal(channel)
    return f"{base}Params", f"{base}Publisher"


def context_class(context: str) -> str:
    """The dataclass `fetch_<context>()` returns."""
    return f"{pascal(context)}Context"


def context_method(context: str) -> str:
    return f"fetch_{context}"


def client_method(function: str, context_classes: frozenset[str]) -> str:
    """The client method of a function: its name, or with a `_` suffix when the client
    already uses that name."""
    taken = function in CLIENT_MEMBERS or function in CLIENT_SIGNATURE_NAMES
    return f"{function}_" if taken or function in context_classes else function


MODEL_CLASS_NAMES = frozenset({"model_config"})
"""What every generated pydantic model defines in its class body: a type of that name
would be read as the class attribute wherever a field of another model names it."""


def check_generated_names(decls: Declarations, out: list[Diagnostic]) -> None:
    named: list[TypeDecl | EnumDecl] = [*decls.types, *decls.enums]
    for decl in named:
        if decl.name in MODEL_CLASS_NAMES:
            out.append(Diagnostic(
                codes.PYTHON_NAME_CLASH, decl.node.arg_span(0),
                f"a type named `{decl.name}` would be shadowed in the generated models by "
                f"pydantic's own `{decl.name}`", "rename the type (types are PascalCase)"))
    for enum in decls.enums:
        member = next((m for m in enum.members if m.name == "label"), None)
        if member is not None and any(m.label is not None for m in enum.members):
            out.append(Diagnostic(
                codes.PYTHON_NAME_CLASH, member.node.span(),
                f"a member named `label` would meet the `label` of enum `{enum.name}`'s "
                "labelled members in the generated models", "rename the member"))
    callable_ = [f for f in decls.functions if f.route is None]
    fetched = sorted({f.context for f in callable_ if f.context is not None})
    classes: dict[str, str] = {}
    for context in fetched:
        cls = context_class(context)
        if cls in classes and classes[cls] != context:
            _report(decls, context, f"contexts `{classes[cls]}` and `{context}` would both "
                    f"fetch into `{cls}` in the Python client", out)
        classes.setdefault(cls, context)
    context_classes = frozenset(classes)
    methods: dict[str, FunctionDecl] = {}
    fetches = {context_method(c): c for c in fetched}
    for f in callable_:
        method = client_method(f.name, context_classes)
        if method in fetches:
            out.append(Diagnostic(
                codes.PYTHON_NAME_CLASH, f.node.arg_span(0),
                f"function `{f.name}` would be the Python client's `{method}()`, which "
                f"fetches context `{fetches[method]}`", "rename the function or the context"))
        elif method in methods and methods[method].name != f.name:  # same name: E203
            first = methods[method]
            out.append(Diagnostic(
                codes.PYTHON_NAME_CLASH, f.node.arg_span(0),
                f"functions `{first.name}` and `{f.name}` would both be the Python client's "
                f"`{method}()`", f"`{first.name}` is a name the client already uses, so it "
                "gets a `_` suffix; rename one of them",
                (Related(first.node.arg_span(0), "first here"),)))
        else:
            methods.setdefault(method, f)


def _report(decls: Declarations, context: str, message: str, out: list[Diagnostic]) -> None:
    """On the context's declaration, or on its first member when it is implicit (`global`)."""
    decl = next((c for c in decls.contexts if c.name == context), None)
    node = decl.node if decl is not None else next(
        f.node for f in decls.functions if f.context == context)
    out.append(Diagnostic(codes.PYTHON_NAME_CLASH, node.arg_span(0), message,
                          "rename one of the contexts"))
