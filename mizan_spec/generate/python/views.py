"""What the Python templates lay out, computed from the IR: signatures, registrations,
docstrings and imports. Templates receive these and only arrange text."""

from __future__ import annotations

import json
from dataclasses import dataclass

from mizan_spec.check.names import python_param_name
from mizan_spec.generate.python.literals import MAX_LINE, string_literal
from mizan_spec.generate.python.models import ModelNames
from mizan_spec.generate.python.pytypes import (
    Annotation,
    Imports,
    annotation,
    default_text,
    type_text,
)
from mizan_spec.ir.model import AUTH_AUTHENTICATED, AUTH_PUBLIC, IR, Function


@dataclass
class ParamView:
    py_name: str
    wire_name: str
    annotation: Annotation
    default: str | None

    def declaration(self, indent: str = "", *, block: bool = False) -> str:
        annotation = self.annotation.block(indent) if block else self.annotation.inline()
        text = f"{self.py_name}: {annotation}"
        return text if self.default is None else f"{text} = {self.default}"


@dataclass(frozen=True)
class Locals:
    """Local names in generated modules that a spec name could otherwise shadow: the
    `Call` type, and in `build_registry` the implementation and the registry."""

    call: str = "Call"
    impl: str = "impl"
    registry: str = "registry"


WIRING_NAMES = frozenset({"IMPLEMENTATION_MODULE", "impl", "registry"})
"""Names `build_registry` holds or reads besides its wrappers: a wrapper of that name is
defined as `_NAME` (and registered with `name=`)."""


@dataclass
class FunctionView:
    name: str
    params: list[ParamView]
    returns: str
    doc: str | None
    register_args: list[str]  # keyword arguments of Registry.add, after the function
    locals: Locals
    asynchronous: bool = False  # `async def` (the package's style is async)

    @property
    def wrapper(self) -> str:
        """The name of the registered wrapper in `build_registry`."""
        return f"_{self.name}" if self.name in WIRING_NAMES else self.name

    def registration(self, indent: str) -> str:
        """`registry.add(fn, ...)`, wrapped one argument per line when long."""
        named = [f"name={json.dumps(self.name)}"] if self.wrapper != self.name else []
        args = [self.wrapper, *named, *self.register_args]
        return call_text(indent, f"{self.locals.registry}.add", args, self.doc)

    def signature(self, indent: str, with_self: bool) -> str:
        """`def name(...) -> R:` on one line, or one parameter per line when long (a long
        annotation then spreads over lines of its own)."""
        call = f"call: {self.locals.call}"
        head = ["self", call] if with_self else [call]
        name = self.name if with_self else self.wrapper
        parts = head + (["*"] + [p.declaration() for p in self.params] if self.params else [])
        keyword = "async def" if self.asynchronous else "def"
        one_line = f"{indent}{keyword} {name}({', '.join(parts)}) -> {self.returns}:"
        if len(one_line) <= MAX_LINE:
            return one_line
        inner_indent = indent + "    "
        lines = [f"{inner_indent}{p}," for p in head + (["*"] if self.params else [])]
        for p in self.params:
            line = f"{inner_indent}{p.declaration()},"
            if len(line) > MAX_LINE:
                line = f"{inner_indent}{p.declaration(inner_indent, block=True)},"
            lines.append(line)
        inner = "".join(f"{line}\n" for line in lines)
        return f"{indent}{keyword} {name}(\n{inner}{indent}) -> {self.returns}:"

    def forward(self, indent: str) -> str:
        """`return impl.name(call, p=p, ...)` from the registered wrapper to the
        implementation, one argument per line when long."""
        args = ["call"] + [f"{p.py_name}={p.py_name}" for p in self.params]
        awaiting = "await " if self.asynchronous else ""
        return call_text(indent, f"return {awaiting}{self.locals.impl}.{self.name}", args, None)


def call_text(indent: str, callee: str, args: list[str], doc: str | None) -> str:
    """`callee(args..., doc=...)` on one line, or one argument per line when long (the doc
    split into joined pieces when it alone is too long)."""
    everything = args + ([f"doc={json.dumps(doc, ensure_ascii=False)}"] if doc else [])
    line = f"{indent}{callee}({', '.join(everything)})"
    if len(line) <= MAX_LINE:
        return line
    inner = indent + "    "
    lines = [f"{inner}{a},\n" for a in args]
    if doc:
        lines.append(f"{inner}doc={string_literal(doc, inner)},\n")
    return f"{indent}{callee}(\n{''.join(lines)}{indent})"


@dataclass
class ContextView:
    name: str
    doc: str | None

    def registration(self, indent: str, locals: Locals) -> str:
        return call_text(indent, f"{locals.registry}.register_context", [json.dumps(self.name)],
                         self.doc)


def _register_args(f: Function) -> list[str]:
    args: list[str] = []
    if f.context is not None:
        args.append(f"context={json.dumps(f.context)}")
    if f.affects_contexts:
        args.append(f"affects={json.dumps(list(f.affects_contexts))}")
    if f.affects_functions:
        args.append(f"affects_functions={json.dumps(list(f.affects_functions))}")
    if f.auth == AUTH_AUTHENTICATED:
        args.append("auth=True")
    elif f.auth != AUTH_PUBLIC:
        args.append(f"auth={json.dumps(f.auth)}")
    if f.websocket:
        args.append("websocket=True")
    if f.route is not None:
        args.append(f"route={json.dumps(f.route)}")
    if f.rev != 1:
        args.append(f"rev={f.rev}")
    if f.cache is not None:
        args.append(f"cache={f.cache}")
    return args  # the doc is added by `call_text`, which can split it


def function_views(ir: IR, names: ModelNames, imports: Imports, route_return: str,
                   locals: Locals, asynchronous: bool = False) -> list[FunctionView]:
    views = []
    for f in ir.functions:
        params = [ParamView(python_param_name(p.name), p.name,
                            annotation(p, imports, python_param_name(p.name)),
                            default_text(p, imports, names.attribute) if p.has_default else None)
                  for p in f.params]
        if f.route is not None:
            returns = route_return
        elif f.returns is None:
            returns = "None"
        else:
            returns = type_text(f.returns, imports)
        views.append(FunctionView(f.name, params, returns, f.doc, _register_args(f), locals,
                                  asynchronous))
    return views


def context_views(ir: IR) -> list[ContextView]:
    return [ContextView(c.name, c.doc) for c in ir.contexts if c.doc is not None]
