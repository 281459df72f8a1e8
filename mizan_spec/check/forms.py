"""Forms: field kinds, the enums choices pick from, constraints, initial values, names.

A form field has one of FORM_FIELD_KINDS. `choice` and `choices` pick from a declared
enum (`enum=`), and only they take it. Each kind takes the constraints that mean
something for it (lengths for text, emails, URLs and the number of choices picked;
`pattern` for text; bounds for numbers and dates), with values of its own kind; a
`placeholder` only where something is typed. An initial value must be a value of the
kind (a member for `choice`, the `initial a b` child for `choices`) within the
field's constraints. A form is served as `NAME.schema`, `NAME.validate` and
`NAME.submit`, which generated code calls `NAME_schema`...: a function or predicate of
one of those names would meet them, and so would the Python client's `fetch_<context>`
of a context (a form `fetch` and a context `schema`). A form with no fields is allowed:
a one-click form (a confirmation) has nothing to fill in.

Defaults are written onto the declarations here (a field's label is its name made
readable as Django's `pretty_name` does, the form's title likewise, the submit label
`Submit`), with normalised bounds and initial values, ready for lowering.
"""

from __future__ import annotations

import datetime
import re

from mizan_spec.check.declarations import (
    Declarations,
    FormDecl,
    FormFieldDecl,
    FunctionDecl,
    PredicateDecl,
)
from mizan_spec.check.form_names import check_form_names
from mizan_spec.check.functions import check_auth
from mizan_spec.check.grammar import suggest
from mizan_spec.check.text import check_doc, check_value
from mizan_spec.check.values import canonical_decimal
from mizan_spec.diagnostics import codes
from mizan_spec.diagnostics.model import Diagnostic, Related
from mizan_spec.ir import formats
from mizan_spec.ir.patterns import compile_pattern
from mizan_spec.parse.document import Scalar

FORM_FUNCTIONS = ("schema", "validate", "submit")
"""The wire functions of a form `f` are `f.schema`...; generated code names them `f_schema`."""
DEFAULT_SUBMIT_LABEL = "Submit"

_LENGTHS = ("min-length", "max-length")
_BOUNDS = ("min", "max")
KIND_CONSTRAINTS: dict[str, tuple[str, ...]] = {
    "text": (*_LENGTHS, "pattern"), "textarea": (*_LENGTHS, "pattern"),
    "email": _LENGTHS, "url": _LENGTHS, "integer": _BOUNDS, "decimal": _BOUNDS,
    "boolean": (), "date": _BOUNDS, "choice": (), "choices": _LENGTHS,
}
"""The constraints each kind takes (lengths count characters, or choices picked), for
each of `ir.model.FORM_FIELD_KINDS` in its order (a check loads no IR model)."""
FORM_FIELD_KINDS = tuple(KIND_CONSTRAINTS)
PLACEHOLDER_KINDS = ("text", "textarea", "email", "url", "integer", "decimal", "date")
CHOICE_KINDS = ("choice", "choices")


def _a(kind: str) -> str:
    """`a `text``, `an `email``: a kind with its article."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} `{kind}`"


def pretty_name(name: str) -> str:
    """`first_name` -> `First name`, exactly as Django's `forms.utils.pretty_name`."""
    return name.replace("_", " ").capitalize() if name else ""


def generated_names(form: str) -> dict[str, str]:
    """Python name -> wire name of the three functions a form is served as."""
    return {f"{form}_{op}": f"{form}.{op}" for op in FORM_FUNCTIONS}


class _Bad(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _integer(value: Scalar, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = (f"write `{value.strip()}`, without quotes" if isinstance(value, str)
            and re.fullmatch(r"-?[0-9]+", value.strip()) else None)
    raise _Bad(f"{what} must be an integer, not {value!r}", hint)


def _decimal(value: Scalar, what: str) -> str:
    if isinstance(value, float):
        raise _Bad(f"{what} of a decimal must be exact", f'write it as a string: "{value!r}"')
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Bad(f"{what} must be a decimal number, not {value!r}")
    import decimal  # loaded where a form has a decimal bound: most specs have none

    try:
        d = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        raise _Bad(f"{value!r} is not a decimal number") from None
    if not d.is_finite():
        raise _Bad(f"{what} must be finite")
    return canonical_decimal(d)


def _date(value: Scalar, what: str) -> str:
    try:
        if isinstance(value, str):
            return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise _Bad(f"{what} must be a date, not {value!r}", 'write it as "YYYY-MM-DD"')


def _number(kind: str, value: Scalar, what: str) -> int | str:
    return (_integer(value, what) if kind == "integer" else
            _decimal(value, what) if kind == "decimal" else _date(value, what))


def _less(kind: str, a: int | str, b: int | str) -> bool:
    """`a < b` for normalised bounds or values of `kind` (ISO dates sort as text)."""
    if kind == "date":
        return str(a) < str(b)
    import decimal

    return decimal.Decimal(a) < decimal.Decimal(b)


class _FormChecker:
    def __init__(self, decls: Declarations, out: list[Diagnostic]) -> None:
        self.out = out
        self.enums = {e.name: [m.name for m in e.members] for e in decls.enums}
        self.others = {d.name: type(d).__name__.removesuffix("Decl").lower()
                       for d in decls.all() if d.name not in self.enums}
        self.predicates = {p.name for p in decls.predicates}

    def report(self, code: codes.Code, field: FormFieldDecl, key: str | None, message: str,
               hint: str | None = None) -> None:
        node = field.node
        span = node.prop_span(key) if key is not None else node.arg_span(1)
        self.out.append(Diagnostic(code, span, message, hint))

    def form(self, form: FormDecl) -> None:
        if form.title is None:
            form.title = pretty_name(form.name)
        if form.submit_label is None:
            form.submit_label = DEFAULT_SUBMIT_LABEL
        if "auth" in form.node.props:
            check_auth(form.auth, form.node, self.predicates, self.out)
        node = form.node
        check_value(node, None, "title", node.props.get("title"), f"the title of form "
                    f"`{form.name}`", self.out)
        check_value(node, None, "submit-label", node.props.get("submit-label"),
                    f"the submit label of form `{form.name}`", self.out)
        check_doc(node, f"form `{form.name}`", self.out)
        for field in form.fields:
            self.field(form, field)

    def field(self, form: FormDecl, field: FormFieldDecl) -> None:
        what = f"field `{field.name}` of form `{form.name}`"
        node = field.node
        check_doc(node, what, self.out)
        for key in ("label", "help", "placeholder", "pattern", "initial"):
            check_value(node, None, key, node.props.get(key), f"the {key} of {what}", self.out)
        if field.label is None:
            field.label = pretty_name(field.name)
        if field.kind not in FORM_FIELD_KINDS:
            kinds = ", ".join(FORM_FIELD_KINDS)
            self.report(codes.FORM_FIELD_KIND, field, None,
                        f"`{field.kind}` is not a form field kind",
                        suggest(field.kind, FORM_FIELD_KINDS) or f"the kinds are: {kinds}")
            return
        ok = self.enum(field)
        if "placeholder" in node.props and field.kind not in PLACEHOLDER_KINDS:
            self.report(codes.FORM_CONSTRAINT, field, "placeholder",
                        f"{_a(field.kind)} field shows no placeholder", "remove it")
        ok = self.constraints(field) and ok
        if field.has_initial and ok:
            self.initial(field)

    def enum(self, field: FormFieldDecl) -> bool:
        """Whether the field's enum is as its kind needs (absent, or a declared enum)."""
        kind, name = field.kind, field.enum
        if kind not in CHOICE_KINDS:
            if name is not None:
                self.report(codes.FORM_FIELD_ENUM, field, "enum",
                            f"{_a(kind)} field picks from no enum",
                            "only `choice` and `choices` fields take `enum=`")
            return True
        if name is None:
            self.report(codes.FORM_FIELD_ENUM, field, None,
                        f"a `{kind}` field needs the enum it picks from",
                        f"add `enum=Name`: `field {field.name} {kind} enum=Topic`")
            return False
        if name in self.enums:
            return True
        if name in self.others:
            self.report(codes.FORM_FIELD_ENUM, field, "enum",
                        f"`{name}` is a {self.others[name]}, not an enum")
        else:
            self.report(codes.FORM_FIELD_ENUM, field, "enum", f"unknown enum `{name}`",
                        suggest(name, sorted(self.enums)))
        return False

    def constraints(self, field: FormFieldDecl) -> bool:
        kind = field.kind
        takes = KIND_CONSTRAINTS[kind]
        normalised: dict[str, Scalar] = {}
        ok = True
        for key, value in field.constraints.items():
            if key not in takes:
                listed = ", ".join(f"`{k}`" for k in takes)
                self.report(codes.FORM_CONSTRAINT, field, key,
                            f"{_a(kind)} field takes no `{key}`",
                            f"it takes {listed}" if takes else "it takes no constraints")
                ok = False
                continue
            try:
                normalised[key] = self.constraint(kind, key, value)
            except _Bad as e:
                code = codes.PATTERN if key == "pattern" else codes.CONSTRAINT_VALUE
                self.report(code, field, key, e.message, e.hint)
                ok = False
        for low, high in (_BOUNDS, _LENGTHS):
            lo, hi = normalised.get(low), normalised.get(high)
            if isinstance(lo, int | str) and isinstance(hi, int | str) and _less(kind, hi, lo):
                self.report(codes.CONSTRAINT_VALUE, field, low,
                            f"`{low}` ({lo}) is above `{high}` ({hi}); no value can satisfy both")
                ok = False
        field.constraints = normalised
        return ok

    @staticmethod
    def constraint(kind: str, key: str, value: Scalar) -> Scalar:
        if key in _LENGTHS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _Bad(f"`{key}` must be a non-negative integer, not {value!r}")
            return value
        if key == "pattern":
            if not isinstance(value, str):
                raise _Bad("`pattern` must be a string holding a regular expression")
            try:
                re.compile(value)
            except re.error as e:
                raise _Bad(f"invalid regular expression: {e}") from None
            return value
        return _number(kind, value, f"`{key}`")

    def initial(self, field: FormFieldDecl) -> None:
        key = "initial" if field.initial_node is None else None
        try:
            field.initial = self.initial_value(field)
        except _Bad as e:
            if field.initial_node is not None:
                self.out.append(Diagnostic(codes.FORM_INITIAL, field.initial_node.span(),
                                           e.message, e.hint))
            else:
                self.report(codes.FORM_INITIAL, field, key, e.message, e.hint)

    def initial_value(self, field: FormFieldDecl) -> Scalar | tuple[str, ...]:
        kind, value, c = field.kind, field.initial, field.constraints
        if kind == "choices":
            if not isinstance(value, tuple):
                raise _Bad("the initial members of a `choices` field are a child node",
                           f"write `field {field.name} choices ... {{ initial a b }}`")
            members = self.enums.get(field.enum or "", [])
            for m in value:
                if m not in members:
                    raise _Bad(f"`{m}` is not a member of enum `{field.enum}`",
                               suggest(m, members))
            if len(set(value)) != len(value):
                raise _Bad("a member is chosen twice in `initial`", "name each member once")
            _lengths(len(value), c, "members")
            return value
        if isinstance(value, tuple):
            raise _Bad("only a `choices` field takes `initial` as a child",
                       f"write it as a property: `initial=...` on `field {field.name}`")
        if value is None:
            raise _Bad("`initial=#null` means no initial value", "leave `initial` out")
        if kind == "boolean":
            if not isinstance(value, bool):
                raise _Bad(f"the initial value of a `boolean` field is #true or #false, "
                           f"not {value!r}")
            return value
        if kind == "choice":
            members = self.enums.get(field.enum or "", [])
            if value not in members:
                raise _Bad(f"{value!r} is not a member of enum `{field.enum}`",
                           suggest(str(value), members))
            return value
        if kind in ("integer", "decimal", "date"):
            number = _number(kind, value, "the initial value")
            for bound, below in (("min", True), ("max", False)):
                limit = c.get(bound)
                if isinstance(limit, int | str) and (_less(kind, number, limit) if below
                                                     else _less(kind, limit, number)):
                    side = "below" if below else "above"
                    raise _Bad(f"the initial value {number!r} is {side} `{bound}` ({limit})")
            return number
        if not isinstance(value, str):
            raise _Bad(f"the initial value of {_a(kind)} field is a string, not {value!r}",
                       "quote it")
        if kind == "email" and not formats.is_email(value):
            raise _Bad(f"{value!r} is not an email address")
        if kind == "url" and not formats.is_url(value):
            raise _Bad(f"{value!r} is not a URL", "write an http or https URL")
        _lengths(len(value), c, "characters")
        pattern = c.get("pattern")
        if isinstance(pattern, str) and compile_pattern(pattern).search(value) is None:
            raise _Bad(f"the initial value {value!r} does not match `pattern`")
        return value


def _lengths(n: int, c: dict[str, Scalar], unit: str) -> None:
    low, high = c.get("min-length"), c.get("max-length")
    if isinstance(low, int) and n < low:
        raise _Bad(f"the initial value has {n} {unit}, under `min-length` ({low})")
    if isinstance(high, int) and n > high:
        raise _Bad(f"the initial value has {n} {unit}, over `max-length` ({high})")


def _clashes(decls: Declarations, out: list[Diagnostic]) -> None:
    callables: dict[str, FunctionDecl | PredicateDecl] = {p.name: p for p in decls.predicates}
    callables.update({f.name: f for f in decls.functions})
    for form in decls.forms:
        for python, wire in generated_names(form.name).items():
            other = callables.get(python)
            if other is None:
                continue
            kind = type(other).__name__.removesuffix("Decl").lower()
            out.append(Diagnostic(
                codes.FORM_NAME_CLASH, other.node.arg_span(0),
                f"{kind} `{python}` meets form `{form.name}`, served as `{wire}` and called "
                f"`{python}` in generated code", f"rename the {kind} or the form",
                (Related(form.node.arg_span(0), "the form"),)))
    fetched = {f"fetch_{f.context}": f.context for f in decls.functions
               if f.context is not None and f.route is None}
    for form in decls.forms:
        for python in generated_names(form.name):
            if python in fetched:
                out.append(Diagnostic(
                    codes.FORM_NAME_CLASH, form.node.arg_span(0),
                    f"form `{form.name}` would be the Python client's `{python}()`, which "
                    f"fetches context `{fetched[python]}`", "rename the form or the context"))


def check_forms(decls: Declarations, out: list[Diagnostic]) -> None:
    checker = _FormChecker(decls, out)
    for form in decls.forms:
        checker.form(form)
    _clashes(decls, out)
    check_form_names(decls, out)
