"""Is the author's `impl.py` still what the interface asks for?

Both files are read with `ast`; the author's code is never imported at generation time.
The result names every method of the interface that the `Implementation` class lacks or
declares differently (parameter names and kinds, and the types it does annotate,
compared as the app's startup check compares them: `Annotated` extras, module prefixes,
`Optional`/`Union` spellings and string annotations do not count), each with a stub copied
from `interface.py`, so it is typed exactly as the interface is, ready to paste into the
class, and the import lines those stubs need that `impl.py` does not have yet; given the
interface.py a run replaced, also the methods the spec no longer declares.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

IMPLEMENTATION = "Implementation"
INTERFACE = "Api"
_TYPING_ALIASES = {"List": "list", "Dict": "dict", "Tuple": "tuple", "Set": "set",
                   "FrozenSet": "frozenset", "Type": "type"}


@dataclass(frozen=True)
class MethodProblem:
    name: str
    problem: str  # "missing", or what differs
    stub: str  # the method as the interface declares it, body `raise NotImplementedError`


@dataclass(frozen=True)
class ImplStatus:
    problems: tuple[MethodProblem, ...] = ()
    imports: tuple[str, ...] = ()  # import lines the stubs need and impl.py lacks
    note: str | None = None  # why impl.py could not be checked
    dropped: tuple[str, ...] = ()  # methods of impl.py the spec no longer declares


@dataclass(frozen=True)
class _Param:
    kind: str
    name: str
    annotation: ast.expr | None


def impl_status(interface_text: str, impl_text: str,
                previous_interface: str | None = None) -> ImplStatus:
    """Compare `impl.py` (its text) with `interface.py` (the generated text); with the
    interface.py this run replaced, also name the methods impl.py still has that the spec
    no longer declares."""
    interface = ast.parse(interface_text)
    api = _find_class(interface, INTERFACE)
    if api is None:
        return ImplStatus(note=f"interface.py has no class {INTERFACE}")
    try:
        impl = ast.parse(impl_text)
    except SyntaxError as e:
        return ImplStatus(note=f"impl.py does not parse (line {e.lineno}: {e.msg}), so it "
                               "was not checked")
    cls = _find_class(impl, IMPLEMENTATION)
    if cls is None:
        return ImplStatus(note=f"impl.py has no class {IMPLEMENTATION}, so it was not checked")
    inherits = any(not (isinstance(b, ast.Name) and b.id == "object") for b in cls.bases)
    mine = _methods(cls)
    problems = []
    for wanted in _methods(api).values():
        if not isinstance(wanted, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        got = mine.get(wanted.name)
        if got is None:
            problem = "missing" + (" from the class body (a base class may have it)"
                                   if inherits else "")
        elif isinstance(got, ast.FunctionDef | ast.AsyncFunctionDef):
            problem = _difference(got, wanted) or ""
        else:
            problem = ""  # bound some other way (an assignment): not ours to judge
        if problem:
            problems.append(MethodProblem(wanted.name, problem, _stub(interface_text, wanted)))
    used = {n.id for p in problems for n in ast.walk(_signature_of(p.stub)) if
            isinstance(n, ast.Name)}
    needed = _imports(interface, used - _bound(impl))
    return ImplStatus(tuple(problems), needed, dropped=_dropped(previous_interface, api, mine))


def _dropped(previous_interface: str | None, api: ast.ClassDef,
             mine: dict[str, ast.stmt]) -> tuple[str, ...]:
    try:
        before = _find_class(ast.parse(previous_interface or ""), INTERFACE)
    except SyntaxError:
        return ()
    if before is None:
        return ()
    gone = set(_methods(before)) - set(_methods(api))
    return tuple(sorted(name for name in gone if name in mine))


def _find_class(module: ast.Module, name: str) -> ast.ClassDef | None:
    found = None
    for node in module.body:  # the last definition wins, as when the module runs
        if isinstance(node, ast.ClassDef) and node.name == name:
            found = node
    return found


def _methods(cls: ast.ClassDef) -> dict[str, ast.stmt]:
    methods: dict[str, ast.stmt] = {}
    for node in cls.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            methods[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    methods[target.id] = node
    return methods


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[_Param]:
    args = fn.args
    params = [_Param("positional-only", a.arg, a.annotation) for a in args.posonlyargs]
    params += [_Param("positional", a.arg, a.annotation) for a in args.args]
    if args.vararg is not None:
        params.append(_Param("*args", args.vararg.arg, args.vararg.annotation))
    params += [_Param("keyword-only", a.arg, a.annotation) for a in args.kwonlyargs]
    if args.kwarg is not None:
        params.append(_Param("**kwargs", args.kwarg.arg, args.kwarg.annotation))
    return params[1:]  # self


def style_problem(name: str, got_async: bool, wanted_async: bool) -> str:
    """How the startup check and `gen` name a method of the other style."""
    kinds = {True: "async def", False: "def"}
    style = "async" if wanted_async else "sync"
    return (f"`{name}` is `{kinds[got_async]}`, this package expects `{kinds[wanted_async]}` "
            f"(generated with --style {style})")


def _difference(got: ast.FunctionDef | ast.AsyncFunctionDef,
                wanted: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    mine, spec = _params(got), _params(wanted)
    if [(p.kind, p.name) for p in mine] != [(p.kind, p.name) for p in spec]:
        return "its parameters differ"
    is_predicate = [(p.kind, p.name) for p in spec] == [("positional", "call"),
                                                        ("positional", "args")]
    got_async = isinstance(got, ast.AsyncFunctionDef)
    wanted_async = isinstance(wanted, ast.AsyncFunctionDef)
    if got_async != wanted_async and not is_predicate:
        return style_problem(wanted.name, got_async, wanted_async)
    for have, want in zip(mine, spec, strict=True):
        if have.name == "call" and have.annotation is not None and \
                want.annotation is not None and \
                _base(have.annotation) == _base(want.annotation):
            continue  # `Call` and `Call[Request]` are the same argument
        if have.annotation is not None and want.annotation is not None and (
                _norm(have.annotation) != _norm(want.annotation)):
            return (f"parameter `{have.name}` is {ast.unparse(have.annotation)}, the spec "
                    f"says {ast.unparse(want.annotation)}")
    if got.returns is not None and wanted.returns is not None and (
            _norm(got.returns) != _norm(wanted.returns)):
        return (f"the return type is {ast.unparse(got.returns)}, the spec says "
                f"{ast.unparse(wanted.returns)}")
    return None


def _base(node: ast.expr) -> str:
    """`Call[Request]` as `Call`."""
    return _norm(node.value if isinstance(node, ast.Subscript) else node)


def _norm(node: ast.expr) -> str:
    """An annotation in a form where spellings of the same type compare equal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return _norm(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return node.value
    members = _union(node)
    if len(members) > 1:
        return " | ".join(sorted({_norm(m) for m in members}))
    if isinstance(node, ast.Subscript):
        name = _norm(node.value)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if name == "Annotated":
            return _norm(items[0])
        return f"{name}[{', '.join(_norm(i) for i in items)}]"
    if isinstance(node, ast.Attribute):  # typing.Any, models.Post: the name is what counts
        return _TYPING_ALIASES.get(node.attr, node.attr)
    if isinstance(node, ast.Name):
        return _TYPING_ALIASES.get(node.id, node.id)
    if isinstance(node, ast.List):
        return f"[{', '.join(_norm(e) for e in node.elts)}]"
    return ast.unparse(node)


def _union(node: ast.expr) -> list[ast.expr]:
    """The members of a union (`A | B`, `Optional[A]`, `Union[A, B]`), else [node]."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union(node.left) + _union(node.right)
    if isinstance(node, ast.Subscript):
        head = node.value.attr if isinstance(node.value, ast.Attribute) else (
            node.value.id if isinstance(node.value, ast.Name) else "")
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if head == "Optional":
            return [*_union(items[0]), ast.Constant(None)]
        if head == "Union":
            return [m for item in items for m in _union(item)]
    return [node]


def _stub(interface_text: str, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The method as interface.py lays it out, its body raising NotImplementedError."""
    lines = interface_text.splitlines()
    first = fn.body[0]
    has_doc = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
               and isinstance(first.value.value, str))
    end = (first.end_lineno or first.lineno) if has_doc else first.lineno - 1
    head = lines[fn.lineno - 1:end]
    indent = " " * (fn.col_offset + 4)
    return "\n".join([*head, f'{indent}raise NotImplementedError("{fn.name}")'])


def _signature_of(stub: str) -> ast.AST:
    return ast.parse("class _Stub:\n" + stub + "\n")


def _bound(module: ast.Module) -> set[str]:
    """Names the module binds at its top level (inside `if`/`try` blocks too)."""
    names: set[str] = set()
    pending: list[ast.stmt] = list(module.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.If | ast.Try):
            pending.extend(node.body)
            pending.extend(node.orelse)
            if isinstance(node, ast.Try):
                pending.extend(node.finalbody)
                for handler in node.handlers:
                    pending.extend(handler.body)
    return names


def _imports(interface: ast.Module, missing: set[str]) -> tuple[str, ...]:
    """`from X import a, b` lines, in interface.py's order, for the names in `missing`
    (the classes interface.py defines itself imported from it)."""
    lines = []
    defined = [node.name for node in interface.body if isinstance(node, ast.ClassDef)
               and node.name != INTERFACE and node.name in missing]  # predicates' TypedDicts
    for node in interface.body:
        if isinstance(node, ast.ImportFrom):
            names = [a for a in node.names if (a.asname or a.name) in missing]
            if names:
                shown = ", ".join(a.name if a.asname is None else f"{a.name} as {a.asname}"
                                  for a in names)
                lines.append(f"from {'.' * node.level}{node.module or ''} import {shown}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.asname or alias.name).split(".")[0] in missing:
                    lines.append(f"import {alias.name}"
                                 + (f" as {alias.asname}" if alias.asname else ""))
    if defined:
        lines.append(f"from .interface import {', '.join(defined)}")
    return tuple(lines)
