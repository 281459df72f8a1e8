"""Functions and contexts: what a function may say, and what a context member may do.

- `context=` names a declared context. A context member is a query: it returns a value
  (`returns` is required), has no `affects`, no `route` and no `websocket`.
- A context's parameters are the union of its members' parameters: members that share
  a parameter name must give it the same type and default. Members of `global` are
  fetched once for everyone, so every parameter they take needs a default.
- `affects` names contexts and/or functions (not route functions).
- `auth` is #true (signed in), #false (public, the default), `staff`, `superuser`, or a
  declared predicate.
- `route` is a path starting with `/`; each `<name>` or `<converter:name>` in it is a
  parameter of the function; a route function returns its own response, so it has no
  `returns`, no context and no `websocket`.
- `rev` is a positive integer (default 1).
- `cache` is a duration (`"30s"`, `"5m"`, `"2h"`, `"1d"`; at most a week) and only on a
  query: a function with `affects` changes data, and a route function returns its own
  response, so neither is ever cached.
"""

from __future__ import annotations

import re

from mizan_spec.check.declarations import Declarations, FormDecl, FunctionDecl
from mizan_spec.check.grammar import suggest
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Related
from mizan_spec.ir.durations import parse_duration
from mizan_spec.ir.levels import AUTH_STAFF, AUTH_SUPERUSER, GLOBAL_CONTEXT
from mizan_spec.ir.types import format_type

_ROUTE_PARAM = re.compile(r"<(?:([A-Za-z_][A-Za-z0-9_]*):)?([A-Za-z_][A-Za-z0-9_]*)>")
# The parameter type each of Django's path converters gives (`<int:pk>` is an `int`).
_CONVERTER_TYPES = {"int": "int", "uuid": "uuid", "str": "str", "slug": "str", "path": "str"}
_ROUTE = re.compile(r"/(?:[A-Za-z0-9._~!$&'()*+,;=:@%/-]|<[^<>]+>)*\Z")


def check_functions(decls: Declarations, out: list[Diagnostic]) -> None:
    contexts = {c.name for c in decls.contexts}
    functions = {f.name: f for f in decls.functions}
    predicates = {p.name for p in decls.predicates}
    others = {t.name: "type" for t in decls.types}
    others.update({e.name: "enum" for e in decls.enums})
    others.update({p: "predicate" for p in predicates})
    for fn in decls.functions:
        node = fn.node
        if fn.context is not None and fn.context not in contexts:
            out.append(Diagnostic(codes.UNKNOWN_CONTEXT, node.prop_span("context"),
                                  f"unknown context `{fn.context}`",
                                  suggest(fn.context, sorted(contexts)) or
                                  f"declare it: `context {fn.context}`"))
        check_auth(fn, predicates, out)
        if "rev" in node.props and fn.rev < 1:
            out.append(Diagnostic(codes.REV, node.prop_span("rev"),
                                  f"`rev` must be 1 or more, not {fn.rev}"))
        if fn.cache is not None:
            _cache(fn, out)
        if fn.context is not None:
            _member(fn, out)
        if fn.route is not None:
            _route(fn, out)
        _affects(fn, contexts, functions, others, out)
    _context_params(decls, out)


def check_auth(fn: FunctionDecl | FormDecl, predicates: set[str], out: list[Diagnostic]) -> None:
    """`auth` is a level or a declared predicate (functions and forms alike)."""
    auth = fn.auth
    if isinstance(auth, bool) or auth in (AUTH_STAFF, AUTH_SUPERUSER) or auth in predicates:
        return
    hint = suggest(auth, [AUTH_STAFF, AUTH_SUPERUSER, *sorted(predicates)])
    if auth in ("authenticated", "true", "signed-in"):
        hint = "write `auth=#true` for any signed-in user"
    elif auth in ("public", "false", "none"):
        hint = "public is the default; remove `auth` or write `auth=#false`"
    out.append(Diagnostic(codes.AUTH, fn.node.prop_span("auth"),
                          f"`{auth}` is neither an auth level nor a declared predicate",
                          hint or f"declare it: `predicate {auth}`, or use #true, staff or "
                          "superuser"))


def _cache(fn: FunctionDecl, out: list[Diagnostic]) -> None:
    node, text = fn.node, fn.cache or ""
    if parse_duration(text) is None:
        m = re.fullmatch(r"0*([0-9]+)", text.strip())
        hint = (f'give it a unit: `cache="{m.group(1)}s"`' if m and m.group(1) != "0" else
                'a whole number and a unit, s, m, h or d, from "1s" to "7d"; remove `cache` '
                "not to cache")
        out.append(Diagnostic(codes.CACHE, node.prop_span("cache"),
                              f"`{text}` is not a cache duration", hint))
    if fn.affects:
        out.append(Diagnostic(codes.UNCACHEABLE, node.key_span("cache"),
                              f"`{fn.name}` affects other data, so it is a mutation and its "
                              "results are never cached",
                              "remove `cache`, or `affects` if the function only reads"))
    if fn.route is not None:
        out.append(Diagnostic(codes.UNCACHEABLE, node.key_span("cache"),
                              f"`{fn.name}` has a route and returns its own response, which "
                              "the server cache does not keep", "remove `cache`"))


def _member(fn: FunctionDecl, out: list[Diagnostic]) -> None:
    node = fn.node
    where = f"`{fn.name}` is a member of context `{fn.context}`"
    for target in fn.affects:
        out.append(Diagnostic(codes.MEMBER_MUTATES, target.node.span(),
                              f"{where}, so it is a query and cannot affect anything",
                              "move the mutation to a function outside the context"))
        break
    if fn.route is not None:
        out.append(Diagnostic(codes.MEMBER_SHAPE, node.key_span("route"),
                              f"{where}; a context member returns data, not a view",
                              "remove `route` or `context`"))
    if fn.websocket:
        out.append(Diagnostic(codes.MEMBER_SHAPE, node.key_span("websocket"),
                              f"{where}; context members are fetched over `ctx/`, not WebSocket",
                              "remove `websocket` or `context`"))
    if fn.returns is None and fn.route is None:
        out.append(Diagnostic(codes.MEMBER_SHAPE, node.span(),
                              f"{where} but returns nothing", 'add `returns="Type"`'))
    if fn.context == GLOBAL_CONTEXT:
        for p in fn.params:
            if not p.has_default:
                out.append(Diagnostic(
                    codes.MEMBER_SHAPE, p.node.arg_span(0),
                    f"parameter `{p.name}` needs a default: members of `global` are fetched "
                    "once, for everyone, with no arguments",
                    "give it a default or make it optional (`T?`)"))


def _route(fn: FunctionDecl, out: list[Diagnostic]) -> None:
    node, route = fn.node, fn.route or ""
    span = node.prop_span("route")
    if not _ROUTE.match(route):
        out.append(Diagnostic(codes.ROUTE, span, f"`{route}` is not a route path",
                              'a route starts with `/`, e.g. "/profile/<id>/"'))
        return
    params = [p.name for p in fn.params]
    for m in _ROUTE_PARAM.finditer(route):
        converter, name = m.group(1), m.group(2)
        if name not in params:
            add = f"add `param {name} {_CONVERTER_TYPES.get(converter or 'str', 'str')}`"
            close = suggest(name, params)
            out.append(Diagnostic(codes.ROUTE, span,
                                  f"route placeholder `{m.group()}` is not a parameter of "
                                  f"`{fn.name}`", f"{close} Otherwise {add}" if close else add))
    if fn.returns is not None:
        out.append(Diagnostic(codes.ROUTE, node.key_span("returns"),
                              f"`{fn.name}` has a route, so it returns its own response",
                              "remove `returns`"))
    if fn.websocket:
        out.append(Diagnostic(codes.ROUTE, node.key_span("websocket"),
                              "a route function is served over HTTP at its path, not WebSocket",
                              "remove `websocket` or `route`"))


def _affects(fn: FunctionDecl, contexts: set[str], functions: dict[str, FunctionDecl],
             others: dict[str, str], out: list[Diagnostic]) -> None:
    seen: set[str] = set()
    for target in fn.affects:
        name = target.name
        if name not in seen and name != fn.name and (name in contexts or (
                name in functions and functions[name].route is None)):
            seen.add(name)
            continue
        span = target.node.arg_span(target.index)
        if name in seen:
            out.append(Diagnostic(codes.DUPLICATE_TARGET, span,
                                  f"`{name}` is already named in `affects`", "remove it"))
            continue
        seen.add(name)
        if name == fn.name:
            out.append(Diagnostic(codes.SELF_AFFECTS, span, f"`{fn.name}` affects itself",
                                  "a function's own results are refreshed by calling it again"))
        if name in contexts:
            continue
        target_fn = functions.get(name)
        if target_fn is not None:
            if target_fn.route is not None:
                out.append(Diagnostic(codes.NOT_A_TARGET, span,
                                      f"`{name}` is a route function; nothing caches it"))
            continue
        if name in others:
            out.append(Diagnostic(codes.NOT_A_TARGET, span,
                                  f"`{name}` is a {others[name]}; `affects` names contexts and "
                                  "functions"))
        else:
            out.append(Diagnostic(codes.UNKNOWN_TARGET, span,
                                  f"`affects` names `{name}`, which is neither a context nor a "
                                  "function", suggest(name, sorted(contexts | set(functions)))))


def _context_params(decls: Declarations, out: list[Diagnostic]) -> None:
    by_context: dict[str, dict[str, tuple[FunctionDecl, int]]] = {}
    for fn in decls.functions:
        if fn.context is None:
            continue
        seen = by_context.setdefault(fn.context, {})
        for index, p in enumerate(fn.params):
            if p.type.parsed is None:
                continue
            first = seen.get(p.name)
            if first is None:
                seen[p.name] = (fn, index)
                continue
            other = first[0].params[first[1]]
            assert other.type.parsed is not None
            same_type = other.type.parsed == p.type.parsed
            same_default = (other.has_default, other.default) == (p.has_default, p.default)
            if same_type and same_default:
                continue
            what = (f"type `{format_type(p.type.parsed)}` here but "
                    f"`{format_type(other.type.parsed)}` in `{first[0].name}`") if not same_type \
                else f"a different default here than in `{first[0].name}`"
            out.append(Diagnostic(
                codes.CONTEXT_PARAMS, p.node.arg_span(0),
                f"context `{fn.context}` parameter `{p.name}` has {what}",
                "members of a context share their parameters; make them agree or rename one",
                (Related(other.node.arg_span(0), "declared here"),)))
