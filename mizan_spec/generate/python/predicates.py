"""Auth predicates in generated Python: the typed arguments each one receives, and its
method signature and registration.

A predicate receives the validated arguments of the function being called as a
`TypedDict` of that function (`ReturnBookArgs` for `return_book`: one key per parameter,
by its Python name, every key present, defaults filled in), so mypy --strict flags a
key the function does not have. A predicate guarding several functions receives the
union of their `TypedDict`s. The classes are defined in interface.py and imported from
there by impl.py.

A form's predicate runs before the form's values are judged, on the values as sent
(protocol §12): its `TypedDict` (`SignUpArgs`) is keyed by the fields' wire names, not
total (a field may be left out), and every value is an `object` (any JSON value, of the
right kind or not), so the predicate checks what it reads. Such a class is written in
the functional form (`TypedDict("SignUpArgs", {"class": object}, total=False)`) when a
field name is a Python keyword.
"""

from __future__ import annotations

import json
import keyword
from dataclasses import dataclass

from mizan_spec.check.generated_names import pascal
from mizan_spec.check.names import python_param_name
from mizan_spec.generate.python.literals import docstring, functional_typed_dict
from mizan_spec.generate.python.pytypes import Imports, type_text
from mizan_spec.generate.python.views import Locals, call_text
from mizan_spec.ir.model import AUTH_LEVELS, IR, Channel, Form, Function

MAX_LINE = 99


def _guards(ir: IR) -> tuple[Function | Channel | Form, ...]:
    """What a predicate can guard: functions, channels (subscribers' params) and forms
    (the values as sent)."""
    return (*ir.functions, *ir.channels, *ir.forms)


def args_class_names(ir: IR, taken: frozenset[str]) -> dict[str, str]:
    """The `TypedDict` name of each function an auth predicate guards, in IR order:
    `<PascalCase>Args`, with a number after it when a spec name or an earlier function
    already has that name (`get_x` and `getX` give `GetXArgs` and `GetXArgs2`)."""
    names: dict[str, str] = {}
    used = set(taken)
    for f in _guards(ir):  # a channel's params too, as its predicate sees them
        if f.auth in AUTH_LEVELS:
            continue
        base = f"{pascal(f.name)}Args"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}{n}"
        used.add(name)
        names[f.name] = name
    return names


@dataclass(frozen=True)
class ArgsView:
    """One function's arguments as a predicate sees them: a `TypedDict` class."""

    name: str
    function: str
    fields: tuple[tuple[str, str], ...]  # (Python name, annotation); a form's: wire name
    typed_dict: str  # the local name of typing.TypedDict
    form: bool = False  # a form's values as sent: not total, keyed by wire name

    def definition(self) -> str:
        if self.form and any(keyword.iskeyword(name) for name, _ in self.fields):
            return functional_typed_dict(
                f"The values of form `{self.function}` as sent, as its auth predicate "
                "receives them.", self.name, self.typed_dict, list(self.fields), total=False)
        if self.form:
            head = f"class {self.name}({self.typed_dict}, total=False):"
            doc = docstring(f"The values of form `{self.function}` as sent, as its auth "
                            "predicate receives them: not yet judged, so any may be missing "
                            "or of the wrong kind.", "    ")
        else:
            head = f"class {self.name}({self.typed_dict}):"
            doc = (f'    """The arguments of `{self.function}`, as its auth predicate '
                   'receives them."""')
        lines = [head, doc]
        if self.fields:
            lines.append("")
            lines += [f"    {name}: {annotation}" for name, annotation in self.fields]
        return "\n".join(lines)


def args_views(ir: IR, imports: Imports, names: dict[str, str]) -> list[ArgsView]:
    if not names:
        return []
    typed_dict = imports.ref("typing", "TypedDict")
    views = []
    for g in _guards(ir):
        if g.name not in names:
            continue
        if isinstance(g, Form):
            anything = imports.builtin("object")
            views.append(ArgsView(names[g.name], g.name,
                                  tuple((f.name, anything) for f in g.fields), typed_dict,
                                  form=True))
        else:
            views.append(ArgsView(names[g.name], g.name,
                                  tuple((python_param_name(p.name), type_text(p.type, imports))
                                        for p in g.params), typed_dict))
    return views


@dataclass(frozen=True)
class PredicateView:
    name: str
    doc: str | None
    locals: Locals
    args: tuple[str, ...] = ()  # the `TypedDict`s of the functions it guards
    returns: str = "bool"
    asynchronous: bool = False

    def registration(self, indent: str) -> str:
        return call_text(indent, f"{self.locals.registry}.register_predicate",
                         [json.dumps(self.name), f"{self.locals.impl}.{self.name}"], self.doc)

    def signature(self, indent: str) -> str:
        """`def name(self, call, args: A | B) -> bool:` on one line, or one parameter per
        line when long (a long union then one member per line)."""
        keyword = "async def" if self.asynchronous else "def"
        union = " | ".join(self.args)
        one_line = (f"{indent}{keyword} {self.name}(self, call: {self.locals.call}, "
                    f"args: {union}) -> {self.returns}:")
        if len(one_line) <= MAX_LINE:
            return one_line
        inner = indent + "    "
        args = f"{inner}args: {union},"
        if len(args) > MAX_LINE:
            members = "".join(f"{inner}    {'| ' if i else ''}{a}\n"
                              for i, a in enumerate(self.args))
            args = f"{inner}args: (\n{members}{inner}),"
        return (f"{indent}{keyword} {self.name}(\n{inner}self,\n{inner}call: {self.locals.call},\n"
                f"{args}\n{indent}) -> {self.returns}:")


def predicate_views(ir: IR, imports: Imports, locals: Locals, names: dict[str, str] | None,
                    asynchronous: bool = False,
                    from_interface: bool = False) -> list[PredicateView]:
    """The predicates the spec's functions use, in IR order. `names`: the functions'
    `TypedDict` names (None in wiring.py, which only registers them); `from_interface`:
    this module imports them from interface.py (impl.py) rather than defining them."""
    guards = _guards(ir)
    used = {f.auth for f in guards} - set(AUTH_LEVELS)
    predicates = [p for p in ir.predicates if p.name in used]
    if not predicates or names is None:
        return [PredicateView(p.name, p.doc, locals) for p in predicates]
    returns = imports.builtin("bool")
    views = []
    for p in predicates:
        guarded = [names[f.name] for f in guards if f.auth == p.name]
        if from_interface:
            guarded = [imports.ref(".interface", n) for n in guarded]
        views.append(PredicateView(p.name, p.doc, locals, tuple(guarded), returns, asynchronous))
    return views
