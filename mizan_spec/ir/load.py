"""The IR reader: canonical IR text back to the IR model, strictly.

`load_ir(emit_ir(x)) == x` for every IR. Anything that is not IR as spec/ir.md defines
it raises IRError with the node that is wrong, so a generator never runs on half an IR.
No string in it may hold a bidi control, NUL or another control character (the checker's
E406, `mizan_spec.check.text`): generators read IR files too, and are safe by construction.
"""

from __future__ import annotations

from typing import Any

from mizan_spec.check.text import describe, first_unsafe
from mizan_spec.ir.durations import MAX_SECONDS
from mizan_spec.ir.forms import load_form
from mizan_spec.ir.model import (
    IR,
    IR_VERSION,
    Channel,
    Constraints,
    Context,
    Enum,
    EnumMember,
    Field,
    Form,
    Function,
    Predicate,
    Scalar,
    Struct,
)
from mizan_spec.ir.types import TypeExpr, TypeSyntaxError, parse_type
from mizan_spec.parse.source import SourceText
from mizan_spec.parse.syntax import parse_source


class IRError(Exception):
    """The text is not a valid Mizan IR document."""


def _label(node: Any) -> str:
    """`function f`: a node as messages name it."""
    name = node.args[0] if node.args and isinstance(node.args[0], str) else None
    if name is not None and first_unsafe(name) is not None:
        name = None  # never print a control character to a terminal
    return f"`{node.name}{f' {name}' if name else ''}`"


def _fail(node: Any, message: str) -> IRError:
    return IRError(f"{_label(node)}: {message}")


def _props(node: Any) -> dict[str, Scalar]:
    if node.annotated or node.annotation is not None:
        raise _fail(node, "type annotations are not part of the IR")
    props: dict[str, Scalar] = node.props
    return props


def _name(node: Any) -> str:
    if len(node.args) != 1 or not isinstance(node.args[0], str):
        raise _fail(node, "expected exactly one name argument")
    return str(node.args[0])


def _strings(node: Any) -> tuple[str, ...]:
    if not node.args or not all(isinstance(a, str) for a in node.args):
        raise _fail(node, "expected one or more name arguments")
    return tuple(node.args)


def _type(node: Any, text: Any) -> TypeExpr:
    if not isinstance(text, str):
        raise _fail(node, "a type must be a string")
    try:
        return parse_type(text)
    except TypeSyntaxError as e:
        raise _fail(node, f"malformed type {text!r}: {e.message}") from None


def _doc(children: list[Any]) -> tuple[str | None, list[Any]]:
    doc = None
    rest = []
    for child in children:
        if child.name == "doc":
            if len(child.args) != 1 or not isinstance(child.args[0], str):
                raise _fail(child, "expected one string")
            doc = child.args[0]
        else:
            rest.append(child)
    return doc, rest


_CONSTRAINT_KEYS = {"min", "max", "min-length", "max-length", "pattern"}


def _field(node: Any) -> Field:
    if len(node.args) != 2 or not isinstance(node.args[0], str):
        raise _fail(node, "expected a name and a type")
    props = _props(node)
    unknown = set(props) - _CONSTRAINT_KEYS - {"default"}
    if unknown:
        raise _fail(node, f"unknown properties {sorted(unknown)}")
    doc, rest = _doc(node.children)
    if rest:
        raise _fail(rest[0], "unexpected inside a field or param")
    constraints = Constraints(
        min=_number(node, props.get("min")), max=_number(node, props.get("max")),
        min_length=_int(node, props.get("min-length")),
        max_length=_int(node, props.get("max-length")),
        pattern=_str(node, props.get("pattern")),
    )
    return Field(node.args[0], _type(node, node.args[1]), doc, "default" in props,
                 props.get("default"), constraints)


def _number(node: Any, v: Scalar) -> int | float | str | None:
    if v is None or (isinstance(v, int | float | str) and not isinstance(v, bool)):
        return v
    raise _fail(node, f"expected a number, found {v!r}")


def _int(node: Any, v: Scalar) -> int | None:
    if v is None or (isinstance(v, int) and not isinstance(v, bool)):
        return v
    raise _fail(node, f"expected an integer, found {v!r}")


def _str(node: Any, v: Scalar) -> str | None:
    if v is None or isinstance(v, str):
        return v
    raise _fail(node, f"expected a string, found {v!r}")


def _members(node: Any, children: list[Any], kind: str) -> list[Any]:
    for child in children:
        if child.name != kind:
            raise _fail(child, f"unexpected inside `{node.name}`")
    return children


def _enum(node: Any) -> Enum:
    doc, rest = _doc(node.children)
    shared, rest = _take(rest, "shared-by")
    members = []
    for m in _members(node, rest, "member"):
        mdoc, mrest = _doc(m.children)
        if mrest:
            raise _fail(mrest[0], "unexpected inside a member")
        props = _props(m)
        if set(props) - {"label"} or not isinstance(props.get("label", ""), str):
            raise _fail(m, "a member takes only `label`, a string")
        members.append(EnumMember(_name(m), mdoc, _str(m, props.get("label"))))
    return Enum(_name(node), tuple(members), doc, shared)


def _take(children: list[Any], name: str) -> tuple[tuple[str, ...], list[Any]]:
    found: tuple[str, ...] = ()
    rest = []
    for child in children:
        if child.name == name:
            found = _strings(child)
        else:
            rest.append(child)
    return found, rest


def _struct(node: Any) -> Struct:
    doc, rest = _doc(node.children)
    shared, rest = _take(rest, "shared-by")
    fields = tuple(_field(f) for f in _members(node, rest, "field"))
    return Struct(_name(node), fields, doc, shared)


def _function(node: Any) -> Function:
    props = _props(node)
    expected = {"auth", "context", "returns", "rev", "route", "websocket"}
    if set(props) - {"cache"} != expected:
        raise _fail(node, f"expected exactly the properties {sorted(expected)}, and "
                    "optionally `cache`")
    cache = props.get("cache")
    if "cache" in props and (not isinstance(cache, int) or isinstance(cache, bool)
                             or not 1 <= cache <= MAX_SECONDS):
        raise _fail(node, f"cache must be a number of seconds from 1 to {MAX_SECONDS}")
    doc, rest = _doc(node.children)
    contexts, rest = _take(rest, "affects-context")
    functions, rest = _take(rest, "affects-function")
    params = tuple(_field(p) for p in _members(node, rest, "param"))
    returns = props["returns"]
    rev, websocket = props["rev"], props["websocket"]
    if not isinstance(rev, int) or isinstance(rev, bool) or not isinstance(websocket, bool):
        raise _fail(node, "rev must be an integer and websocket a boolean")
    auth, context, route = props["auth"], props["context"], props["route"]
    if not isinstance(auth, str):
        raise _fail(node, "auth must be a string")
    return Function(
        _name(node), params, None if returns is None else _type(node, returns), doc,
        _str(node, context), auth, websocket, _str(node, route), rev, contexts, functions,
        cache if isinstance(cache, int) else None,
    )


def _channel(node: Any) -> Channel:
    props = _props(node)
    expected = {"auth", "message", "send"}
    if set(props) != expected:
        raise _fail(node, f"expected exactly the properties {sorted(expected)}")
    auth, message, send = props["auth"], props["message"], props["send"]
    if not isinstance(auth, str):
        raise _fail(node, "auth must be a string")
    doc, rest = _doc(node.children)
    params = tuple(_field(p) for p in _members(node, rest, "param"))
    return Channel(_name(node), _type(node, message), params, doc, auth,
                   None if send is None else _type(node, send))


def _safe_text(nodes: list[Any]) -> None:
    """Refuse any argument or property string holding what generated code must not carry."""
    stack: list[tuple[Any, str]] = [(n, "") for n in nodes]
    while stack:
        node, within = stack.pop()
        label = within + _label(node)
        stack.extend((child, f"{label} > ") for child in node.children)
        for where, value in [*(("", a) for a in node.args), *node.props.items()]:
            ch = first_unsafe(value) if isinstance(value, str) else None
            if ch is not None:
                what = f"`{where}`" if where else "a string"
                raise IRError(f"{label}: {what} holds {describe(ch)}; generated code never "
                              "carries bidi controls, NUL or other control characters")


def load_ir(text: str) -> IR:
    """Read IR text; IRError on anything that is not IR. Parsed like specs (floats
    re-read exactly from their text)."""
    parsed, problems = parse_source(SourceText("ir", text))
    if parsed is None:
        where = problems[0].span if problems else None
        at = f" at line {where.line}, column {where.col}" if where and where.line else ""
        message = problems[0].message if problems else "unreadable"
        raise IRError(f"not valid KDL 2.0{at}: {message}")
    nodes = list(parsed.nodes)
    _safe_text(nodes)
    if not nodes or nodes[0].name != "mizan-ir" or nodes[0].args != [IR_VERSION]:
        raise IRError(f"an IR document starts with `mizan-ir {IR_VERSION}`")
    enums, structs, predicates, contexts, functions, channels = [], [], [], [], [], []
    forms: list[Form] = []
    for node in nodes[1:]:
        if node.name == "enum":
            enums.append(_enum(node))
        elif node.name == "type":
            structs.append(_struct(node))
        elif node.name == "predicate":
            doc, rest = _doc(node.children)
            if rest:
                raise _fail(rest[0], "unexpected inside a predicate")
            predicates.append(Predicate(_name(node), doc))
        elif node.name == "context":
            doc, rest = _doc(node.children)
            members = tuple(_name(m) for m in _members(node, rest, "member"))
            contexts.append(Context(_name(node), members, doc))
        elif node.name == "function":
            functions.append(_function(node))
        elif node.name == "channel":
            channels.append(_channel(node))
        elif node.name == "form":
            forms.append(load_form(node))
        else:
            raise _fail(node, "unknown top-level node")
    return IR(tuple(enums), tuple(structs), tuple(predicates), tuple(contexts), tuple(functions),
              channels=tuple(channels), forms=tuple(forms))
