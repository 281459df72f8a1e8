"""The view of forms.ts: per IR form, its fields' rules (kinds, constraints, members
and the message of every issue, from `mizan_spec.ir.form_input`), its data and result
types, and the names of its calls, its client-side check and its zod schema.

The messages are computed here, from the one definition the servers use, so the
client says what the server would."""

from __future__ import annotations

import json
from dataclasses import dataclass

from mizan_spec.generate.typescript.names import doc_comment, prop, string
from mizan_spec.generate.typescript.symbols import Symbols
from mizan_spec.generate.typescript.typemap import ts_type
from mizan_spec.ir import form_input
from mizan_spec.ir import model as irm
from mizan_spec.ir.formats import EMAIL_MAX_LENGTH, EMAIL_PATTERN, URL_MAX_LENGTH, URL_PATTERN
from mizan_spec.ir.patterns import js_source
from mizan_spec.ir.types import TypeExpr

_CHECKS = {
    "text": ("too_short", "too_long", "pattern_mismatch"),
    "textarea": ("too_short", "too_long", "pattern_mismatch"),
    "email": ("too_short", "too_long", "pattern_mismatch", "format"),
    "url": ("too_short", "too_long", "pattern_mismatch", "format"),
    "integer": ("too_small", "too_large"), "decimal": ("too_small", "too_large"),
    "date": ("too_small", "too_large"), "boolean": (), "choice": ("invalid_choice",),
    "choices": ("invalid_choice", "too_short", "too_long"),
}
"""The built-in checks each kind may fail beyond its JSON type and `required`."""

_DATA_TS = {"text": "string", "textarea": "string", "email": "string", "url": "string",
            "integer": "number", "decimal": "number | string", "boolean": "boolean",
            "date": "string"}
"""What a field of each kind holds while the user types (`choice`s hold member names)."""


@dataclass(frozen=True)
class FormView:
    name: str  # the form's name (an identifier)
    wire_name: str  # the form's name as a TS string
    wire_schema: str  # `"contact.schema"`
    wire_validate: str
    wire_submit: str
    rules: str  # `ContactFormRules`
    rule_lines: tuple[str, ...]  # one object literal per field
    data: str
    data_members: tuple[str, ...]  # `readonly name?: string | null;`
    result: str
    result_type: str
    schema: str
    validate: str
    submit: str
    check: str
    zod: str
    hook: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class FormsFile:
    forms: tuple[FormView, ...]
    imports_types: bool
    email_pattern: str
    email_max: int
    url_pattern: str
    url_max: int
    whitespace: str


def _bound(value: int | float | str | None) -> str:
    if value is None:
        return "null"
    return string(value) if isinstance(value, str) else json.dumps(value)


def _messages(f: irm.FormField, members: tuple[str, ...]) -> str:
    required = ["required"] if f.required else []
    codes = ["wrong_type", *required, *_CHECKS[f.kind]]
    if f.kind in ("text", "textarea", "email", "url"):
        codes.insert(1, "invalid")
    if f.kind == "decimal":
        codes.insert(1, "not_finite")
    c = f.constraints
    present = {"too_short": c.min_length, "too_long": c.max_length, "too_small": c.min,
               "too_large": c.max, "pattern_mismatch": c.pattern}
    kept = [k for k in codes if k not in present or present[k] is not None]
    return ", ".join(f"{k}: {string(form_input.message(f, k, members))}" for k in kept)


def _rule(f: irm.FormField, members: tuple[str, ...]) -> str:
    c = f.constraints
    pattern = "null" if c.pattern is None else f"formPattern({string(js_source(c.pattern))})"
    listed = "null" if f.enum is None else "[" + ", ".join(string(m) for m in members) + "]"
    initial = "null" if not f.has_initial else json.dumps(
        list(f.initial) if isinstance(f.initial, tuple) else f.initial, ensure_ascii=False)
    return (f"{{ name: {string(f.name)}, kind: {string(f.kind)}, required: "
            f"{'true' if f.required else 'false'}, minLength: {_bound(c.min_length)}, "
            f"maxLength: {_bound(c.max_length)}, min: {_bound(c.min)}, max: {_bound(c.max)}, "
            f"pattern: {pattern}, members: {listed}, initial: {initial}, "
            f"messages: {{ {_messages(f, members)} }} }},")


def _data_type(f: irm.FormField, members: tuple[str, ...]) -> str:
    if f.kind in ("choice", "choices"):
        one = " | ".join(string(m) for m in members) or "never"
        return f"({one})[]" if f.kind == "choices" else one
    return _DATA_TS[f.kind]


def _uses_types(t: TypeExpr | None) -> bool:
    return t is not None and "types." in ts_type(t, types_prefix="types.", json_name="JsonValue")


def _form(ir: irm.IR, form: irm.Form, symbols: Symbols) -> FormView:
    s = symbols.forms[form.name]
    members: dict[str, tuple[str, ...]] = {}
    for f in form.fields:
        enum = ir.enum(f.enum) if f.enum is not None else None
        members[f.name] = tuple(m.name for m in enum.members) if enum is not None else ()
    result = "null" if form.returns is None else ts_type(
        form.returns, types_prefix="types.", json_name="JsonValue")
    return FormView(
        name=form.name, wire_name=string(form.name), wire_schema=string(f"{form.name}.schema"),
        wire_validate=string(f"{form.name}.validate"), wire_submit=string(f"{form.name}.submit"),
        rules=s.spec,
        rule_lines=tuple(_rule(f, members[f.name]) for f in form.fields),
        data=s.data,
        data_members=tuple(f"readonly {prop(f.name)}?: {_data_type(f, members[f.name])} | null;"
                           for f in form.fields),
        result=s.result, result_type=result, schema=s.schema, validate=s.validate,
        submit=s.submit, check=s.check, zod=s.zod, hook=s.hook,
        doc=tuple(doc_comment(form.doc)))


def forms_file(ir: irm.IR, symbols: Symbols) -> FormsFile:
    return FormsFile(
        forms=tuple(_form(ir, f, symbols) for f in ir.forms),
        imports_types=any(_uses_types(f.returns) for f in ir.forms),
        email_pattern=string(EMAIL_PATTERN), email_max=EMAIL_MAX_LENGTH,
        url_pattern=string(URL_PATTERN), url_max=URL_MAX_LENGTH,
        whitespace=string(form_input.WHITESPACE))


__all__ = ["FormsFile", "forms_file"]
