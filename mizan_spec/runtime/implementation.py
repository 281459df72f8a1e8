"""The startup check of generated servers: does the implementation match the interface?

Names every method that is missing or whose parameters or types differ from the spec's,
and where to fix it, before the app serves anything. A server function must also be a
plain `def` or an `async def` exactly as the interface declares it (the wiring calls it
without awaiting: an `async def` in its place would never run); an auth predicate (a
method taking `(call, args)`, where server functions take their parameters by keyword)
may be either, since the runtime awaits whatever a predicate returns.
"""

from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One method of the implementation that does not match the interface.

    `kind` is "missing", "parameters", "style" (`def` versus `async def`) or "type";
    `text` is the line the startup check prints for it."""

    kind: str
    method: str
    text: str


class ImplementationError(Exception):
    """The implementation does not provide what the spec declares: `problems` lists each
    method, `where` names the class and `module` the file to fix."""

    def __init__(self, message: str, *, problems: tuple[Problem, ...] = (), where: str = "",
                 module: str = "", interface: str = "") -> None:
        super().__init__(message)
        self.problems = problems
        self.where = where
        self.module = module
        self.interface = interface


def _hints(fn: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(fn)
    except Exception:  # an annotation that does not resolve is compared as written
        return dict(getattr(fn, "__annotations__", {}))


def _shape(fn: Any) -> list[tuple[str, Any]]:
    sig = inspect.signature(fn)
    return [(p.name, p.kind) for p in list(sig.parameters.values())[1:]]


_PREDICATE_SHAPE = [("call", inspect.Parameter.POSITIONAL_OR_KEYWORD),
                    ("args", inspect.Parameter.POSITIONAL_OR_KEYWORD)]


def _is_predicate(wanted: Any) -> bool:
    return _shape(wanted) == _PREDICATE_SHAPE


def _bare(annotation: Any) -> Any:
    """`Call[Request]` as `Call`."""
    return typing.get_origin(annotation) or annotation


def _kind(fn: Any) -> str:
    return "async def" if inspect.iscoroutinefunction(fn) else "def"


def implementation_problems(impl: object, interface: type) -> list[Problem]:
    """Every method of `interface` that `impl` lacks or declares differently (parameter
    names, kinds, types without Annotated, and `def` versus `async def` for server
    functions), in the interface's order."""
    cls = type(impl)
    problems: list[Problem] = []
    for name, wanted in interface.__dict__.items():
        if name.startswith("_") or not inspect.isfunction(wanted):
            continue
        got = getattr(cls, name, None)
        shown = f"{name}{inspect.signature(wanted)}".replace("'", "")
        if got is None or got is wanted or not callable(got):
            problems.append(Problem("missing", name, f"missing: def {shown}"))
            continue
        if _shape(got) != _shape(wanted):
            problems.append(Problem("parameters", name,
                                    f"parameters differ: `{name}` must be def {shown}"))
            continue
        if _kind(got) != _kind(wanted) and not _is_predicate(wanted):
            style = "async" if _kind(wanted) == "async def" else "sync"
            problems.append(Problem("style", name,
                                    f"`{name}` is `{_kind(got)}`, this package expects "
                                    f"`{_kind(wanted)}` (generated with --style {style})"))
            continue
        mine, spec = _hints(got), _hints(wanted)
        for key, expected in spec.items():
            if key == "call" and _bare(mine.get(key)) == _bare(expected):
                continue  # `Call` and `Call[Request]` are the same argument
            if key in mine and mine[key] != expected:
                what = "return type" if key == "return" else f"parameter `{key}`"
                problems.append(Problem("type", name, f"{what} of `{name}` is {mine[key]!r}, "
                                                      f"the spec says {expected!r}"))
    return problems


def implementation_owner(impl: object, module: str) -> str:
    """`class Implementation (app.api.impl)`: where the startup check points."""
    cls = type(impl)
    owner = inspect.getmodule(cls)
    return f"class {cls.__qualname__} ({owner.__name__ if owner is not None else module})"


def check_implementation(impl: object, interface: type, module: str) -> None:
    """Raise ImplementationError listing every method of `interface` that `impl` lacks
    or declares differently (see `implementation_problems`)."""
    problems = implementation_problems(impl, interface)
    if problems:
        where = implementation_owner(impl, module)
        spec = f"{interface.__module__}.Api"
        listed = "\n  - ".join(p.text for p in problems)
        raise ImplementationError(
            f"{where} does not implement the spec ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}):\n  - {listed}\n"
            f"Add or fix these methods in {module}; the interface is {spec}.",
            problems=tuple(problems), where=where, module=module, interface=spec)
