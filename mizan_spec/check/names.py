"""Names: identifiers, reserved words, duplicates, escaped-name clashes, conventions.

Declaration names (types, enums, contexts, predicates, functions) become identifiers in
generated Python and TypeScript, so they must be identifiers there and not reserved
words. Field, parameter and enum member names may be reserved words (`from`, `class`):
the wire keeps the name and generated Python appends `_` (see `python_name`), so a
second name equal to that escaped form would clash and is refused. The built-in
singleton context `global` is the one reserved word allowed as a context name.
"""

from __future__ import annotations

import keyword
import re

from mizan_spec.check.declarations import (
    Declaration,
    Declarations,
    FieldDecl,
    FormFieldDecl,
    MemberDecl,
)
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Related
from mizan_spec.ir.levels import AUTH_LEVELS, GLOBAL_CONTEXT
from mizan_spec.ir.types import CONTAINERS, SCALARS
from mizan_spec.parse.document import Node

IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*\Z")
SNAKE = re.compile(r"[a-z][a-z0-9_]*\Z")

PYTHON_RESERVED = frozenset(keyword.kwlist)
TYPESCRIPT_RESERVED = frozenset([
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
    "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if",
    "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw",
    "true", "try", "typeof", "var", "void", "while", "with", "implements", "interface", "let",
    "package", "private", "protected", "public", "static", "yield", "await", "any", "unknown",
    "never", "string", "number", "boolean", "object", "symbol", "bigint", "undefined",
])
RESERVED = PYTHON_RESERVED | TYPESCRIPT_RESERVED
TYPE_RESERVED = frozenset(SCALARS) | frozenset(CONTAINERS)


def python_name(name: str) -> str:
    """The Python identifier generated code uses for a field, param or member name."""
    return f"{name}_" if name in PYTHON_RESERVED or keyword.issoftkeyword(name) else name


PARAM_RESERVED = frozenset({"self", "call"})
"""Parameter names generated signatures already use (`def f(self, call: Call, *, ...)`)."""


def python_param_name(name: str) -> str:
    """The Python identifier of a function parameter: also escaped when it is one of
    the names every generated signature starts with (`call` -> `call_`)."""
    return f"{name}_" if name in PARAM_RESERVED else python_name(name)


def _kind(decl: Declaration) -> str:
    return type(decl).__name__.removesuffix("Decl").lower()


def _name_problem(kind: str, name: str) -> tuple[codes.Code, str, str | None] | None:
    """What is wrong with a declaration's name, if anything (no position needed to decide)."""
    if not IDENTIFIER.match(name):
        return (codes.INVALID_NAME, f"{kind} name `{name}` is not a valid identifier",
                "use letters, digits and `_`, starting with a letter")
    if name in RESERVED and not (kind == "context" and name == GLOBAL_CONTEXT):
        return (codes.RESERVED_NAME, f"`{name}` is a reserved word in Python or TypeScript",
                f"rename the {kind}")
    if kind in ("type", "enum") and name in TYPE_RESERVED:
        return codes.RESERVED_NAME, f"`{name}` is a built-in type name", f"rename the {kind}"
    if kind == "predicate" and name in AUTH_LEVELS:
        return (codes.RESERVED_NAME, f"`{name}` is a built-in auth level",
                "name the predicate after what it checks")
    if kind in ("type", "enum") and not PASCAL.match(name):
        return codes.NAMING, f"{kind} name `{name}` is not in PascalCase", None
    if kind not in ("type", "enum") and not SNAKE.match(name):
        return codes.NAMING, f"{kind} name `{name}` is not in snake_case", None
    return None


def check_names(decls: Declarations, out: list[Diagnostic]) -> None:
    first: dict[str, Declaration] = {}
    for decl in decls.all():
        kind = _kind(decl)
        problem = _name_problem(kind, decl.name)
        if problem is not None:
            code, message, hint = problem
            out.append(Diagnostic(code, decl.node.arg_span(0), message, hint))
        previous = first.get(decl.name)
        if previous is None:
            first[decl.name] = decl
        else:
            out.append(Diagnostic(
                codes.DUPLICATE_NAME, decl.node.arg_span(0),
                f"`{decl.name}` is already declared as a {_kind(previous)}",
                "types, enums, contexts, predicates and functions share one namespace",
                (Related(previous.node.arg_span(0), "first declared here"),)))
    for t in decls.types:
        _members(t.fields, f"type `{t.name}`", "field", out)
    for f in decls.functions:
        _members(f.params, f"function `{f.name}`", "parameter", out)
    for ch in decls.channels:
        _members(ch.params, f"channel `{ch.name}`", "parameter", out)
    for e in decls.enums:
        _members(e.members, f"enum `{e.name}`", "member", out)
    for form in decls.forms:
        _members(form.fields, f"form `{form.name}`", "field", out)


def _members(items: list[FieldDecl] | list[MemberDecl] | list[FormFieldDecl], owner: str, kind: str,
             out: list[Diagnostic]) -> None:
    seen: dict[str, Node] = {}
    escaped: dict[str, tuple[str, Node]] = {}
    for item in items:
        node, name = item.node, item.name
        py = python_param_name(name) if kind == "parameter" else python_name(name)
        if IDENTIFIER.match(name) and name not in seen and py not in escaped:
            seen[name] = node
            escaped[py] = (name, node)
            continue
        span = node.span() if isinstance(item, MemberDecl) else node.arg_span(0)
        if not IDENTIFIER.match(name):
            out.append(Diagnostic(codes.INVALID_NAME, span,
                                  f"{kind} name `{name}` is not a valid identifier",
                                  "use letters, digits and `_`, starting with a letter"))
            continue
        if name in seen:
            previous = seen[name]
            out.append(Diagnostic(codes.DUPLICATE_MEMBER, span, f"{owner} has two {kind}s "
                                  f"named `{name}`", None, (Related(
                                      previous.span() if isinstance(item, MemberDecl)
                                      else previous.arg_span(0), "first here"),)))
            continue
        seen[name] = node
        clash = escaped.get(py)
        if clash is not None and clash[0] != name:
            other = clash[0]
            out.append(Diagnostic(codes.ESCAPE_CLASH, span,
                                  f"`{name}` and `{other}` would both be `{py}` in Python",
                                  f"`{py if py != name else other}` is how a reserved word is "
                                  "escaped; rename one of them"))
        escaped.setdefault(py, (name, node))
