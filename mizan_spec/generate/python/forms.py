"""`gen python`, forms: what the templates lay out for each form of the spec.

A form `contact` becomes, in the server package:
- `ContactData` (interface.py), the `TypedDict` of its cleaned values, field by field;
- `on_submit_contact(self, call, data: ContactData) -> <returns>`, a method of the
  interface (scaffolded in impl.py), run by `contact.submit` once the values are valid;
- on Django, `ContactForm` (forms.py), a real `django.forms.Form` declaring the fields
  with their labels, widgets, help texts, choices and constraints, and `contact_form`,
  the class the implementation names (`ContactForm` or the author's subclass), which
  validates on the wire;
- in `build_registry`, `registry.add_form(...)` with the form's IR read from api.ir.kdl.
"""

from __future__ import annotations

import json
import keyword
from dataclasses import dataclass

from mizan_spec.check.form_names import class_stem
from mizan_spec.generate.python.literals import MAX_LINE, docstring, functional_typed_dict
from mizan_spec.generate.python.pytypes import Imports, type_text
from mizan_spec.generate.python.views import call_text
from mizan_spec.ir import model as irm

DJANGO_FORM_ATTRIBUTES = frozenset({
    "add_error", "add_initial_prefix", "add_prefix", "as_div", "as_p", "as_table", "as_ul",
    "auto_id", "base_fields", "bound_field_class", "changed_data", "clean", "cleaned_data",
    "data", "declared_fields", "default_renderer", "empty_permitted", "error_class", "errors",
    "field_order", "fields", "files", "full_clean", "get_context", "get_initial_for_field",
    "has_changed", "has_error", "hidden_fields", "initial", "is_bound", "is_multipart",
    "is_valid", "label_suffix", "media", "non_field_errors", "order_fields", "prefix",
    "render", "renderer", "template_name", "template_name_div", "template_name_label",
    "template_name_p", "template_name_table", "template_name_ul", "use_required_attribute",
    "visible_fields",
})
"""What a Django form holds besides its fields (its class's and its instances'
attributes): a field of such a name is set in the class namespace, as a keyword is, so
that the class body declares no attribute that meets Django's (the form metaclass
collects the field all the same, and leaves Django's attribute alone)."""

_TEXT_KINDS = ("text", "textarea", "email", "url")
_WIDGETS = {"text": "TextInput", "textarea": "Textarea", "email": "EmailInput",
            "url": "URLInput", "integer": "NumberInput", "decimal": "NumberInput",
            "boolean": "CheckboxInput", "date": "DateInput", "choice": "Select",
            "choices": "SelectMultiple"}


@dataclass(frozen=True)
class DataField:
    name: str
    annotation: str


@dataclass(frozen=True)
class FormLocals:
    """The local names of what the forms' lines read in one module: each the import's own
    name unless a spec name takes it (a function `Any` is a local of `build_registry`;
    then `_Any`, `_builtins.getattr`)."""

    typed_dict: str = "TypedDict"
    any: str = "Any"
    cast: str = "cast"
    dict: str = "dict"
    getattr: str = "getattr"
    forms: str = "FORMS"
    enums: str = "ENUMS"


@dataclass(frozen=True)
class FormView:
    """One form, as the interface, impl, wiring and forms.py templates see it."""

    name: str
    data_class: str  # the TypedDict of the cleaned values
    form_class: str  # the Django form class (forms.py)
    method: str  # on_submit_<name>
    attribute: str  # <name>_form: the Django form class the implementation names
    returns: str
    data: tuple[DataField, ...]
    enums: tuple[str, ...]
    doc: str | None
    asynchronous: bool = False  # `async def` on_submit (FastAPI, --style async; Django
    # forms and their ORM work are synchronous, so a Django package keeps `def`)
    locals: FormLocals = FormLocals()

    def typed_dict(self) -> str:
        """The class, in the functional form when a field name is a Python keyword (the
        values are keyed by the fields' wire names)."""
        if any(keyword.iskeyword(d.name) for d in self.data):
            return functional_typed_dict(
                f"The cleaned values of form `{self.name}`, as `{self.method}` gets them.",
                self.data_class, self.locals.typed_dict,
                [(d.name, d.annotation) for d in self.data])
        lines = [f"class {self.data_class}({self.locals.typed_dict}):",
                 docstring(f"The cleaned values of form `{self.name}`, as `{self.method}` "
                           "gets them.", "    ")]
        if self.data:
            lines.append("")
        lines.extend(f"    {d.name}: {d.annotation}" for d in self.data)
        return "\n".join(lines)

    def signature(self, indent: str, call: str, with_self: bool) -> str:
        data = (self.data_class if with_self
                else f"{self.locals.dict}[str, {self.locals.any}]")
        head = "self, " if with_self else ""
        keyword = "async def" if self.asynchronous else "def"
        line = (f"{indent}{keyword} {self.method}({head}call: {call}, data: {data}) "
                f"-> {self.returns}:")
        if len(line) <= MAX_LINE:
            return line
        inner = indent + "    "
        params = "".join(f"{inner}{p},\n" for p in
                         [*(["self"] if with_self else []), f"call: {call}", f"data: {data}"])
        return f"{indent}{keyword} {self.method}(\n{params}{indent}) -> {self.returns}:"

    def forward(self, indent: str, impl: str) -> str:
        awaiting = "await " if self.asynchronous else ""
        return call_text(indent, f"return {awaiting}{impl}.{self.method}",
                         ["call", f"{self.locals.cast}({self.data_class}, data)"], None)

    def registration(self, indent: str, registry: str, impl: str, django: bool) -> str:
        args = [f"{self.locals.forms}[{json.dumps(self.name)}]", self.method]
        if self.returns != "None":
            args.append(f"returns={self.returns}")
        if self.enums:
            args.append("enums=[" + ", ".join(f"{self.locals.enums}[{json.dumps(e)}]"
                                              for e in self.enums) + "]")
        if django:
            args.append(call_text(indent + "    ", f"django_form={self.locals.getattr}",
                                  [impl, json.dumps(self.attribute), self.form_class],
                                  None).lstrip())
        inner = indent + "    "
        return f"{indent}{registry}.add_form(\n" + "".join(
            f"{inner}{a},\n" for a in args) + f"{indent})"


def _data_type(f: irm.FormField, imports: Imports) -> str:
    if f.kind in _TEXT_KINDS or f.kind == "choice":
        base = "str"
    elif f.kind == "integer":
        base = "int"
    elif f.kind == "decimal":
        base = imports.ref("decimal", "Decimal")
    elif f.kind == "date":
        base = imports.ref("datetime", "date")
    elif f.kind == "boolean":
        return "bool"
    else:
        return "list[str]"
    return base if f.required else f"{base} | None"


def form_views(ir: irm.IR, imports: Imports, data_imports: Imports,
               asynchronous: bool = False) -> list[FormView]:
    """The forms' views; `data_imports` collects what the cleaned values' types need
    (interface.py alone declares them)."""
    views = []
    for form in ir.forms:
        stem = class_stem(form.name)
        returns = "None" if form.returns is None else type_text(form.returns, imports)
        data = tuple(DataField(f.name, _data_type(f, data_imports)) for f in form.fields)
        enums = tuple(sorted({f.enum for f in form.fields if f.enum is not None}))
        views.append(FormView(form.name, f"{stem}Data", f"{stem}Form",
                              f"on_submit_{form.name}", f"{form.name}_form", returns, data,
                              enums, form.doc, asynchronous))
    return views


def _literal(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _bound(value: int | float | str, kind: str) -> str:
    if kind == "decimal":
        return f"_decimal.Decimal({_literal(str(value))})"
    return str(value)


def django_field(f: irm.FormField, choices: str | None) -> str:
    """The Django field declaration of one form field, keyword per line."""
    c = f.constraints
    kwargs: list[str] = []
    cls = {"text": "_forms.CharField", "textarea": "_forms.CharField",
           "email": "_fields.EmailField", "url": "_fields.URLField",
           "integer": "_forms.IntegerField", "decimal": "_forms.DecimalField",
           "boolean": "_forms.BooleanField", "date": "_forms.DateField",
           "choice": "_fields.ChoiceField", "choices": "_forms.MultipleChoiceField"}[f.kind]
    if f.kind in ("text", "textarea") and c.pattern is not None:
        cls = "_forms.RegexField"
        kwargs.append(f"regex={_literal(c.pattern)}")
    kwargs.append(f"label={_literal(f.label)}")
    if not f.required:
        kwargs.append("required=False")
    if f.kind in _TEXT_KINDS:
        if c.min_length is not None:
            kwargs.append(f"min_length={c.min_length}")
        if c.max_length is not None:
            kwargs.append(f"max_length={c.max_length}")
    if f.kind in ("integer", "decimal"):
        if c.min is not None:
            kwargs.append(f"min_value={_bound(c.min, f.kind)}")
        if c.max is not None:
            kwargs.append(f"max_value={_bound(c.max, f.kind)}")
    if choices is not None:
        blank = '[("", "---------"), *' + choices + "]" if f.kind == "choice" \
            and not f.required else choices
        kwargs.append(f"choices={blank}")
    if f.has_initial:
        initial = list(f.initial) if isinstance(f.initial, tuple) else f.initial
        kwargs.append(f"initial={_python_literal(initial)}")
    if f.help is not None:
        kwargs.append(f"help_text={_literal(f.help)}")
    widget = "_fields.DateInput" if f.kind == "date" else f"_forms.{_WIDGETS[f.kind]}"
    attrs = {"placeholder": f.placeholder} if f.placeholder is not None else {}
    if f.kind == "decimal":
        attrs["step"] = "any"
    kwargs.append(f"widget={widget}(" + (f"attrs={_literal(attrs)}" if attrs else "") + ")")
    inner = "        "
    # a keyword (`class`) is no attribute name, and `data` is Django's: set it in the
    # class namespace, where Django's form metaclass finds it in order all the same
    target = f"_builtins.locals()[{_literal(f.name)}]" if _in_namespace(f.name) else f.name
    return f"    {target} = {cls}(\n" + "".join(f"{inner}{k},\n" for k in kwargs) + "    )"


def _in_namespace(name: str) -> bool:
    return keyword.iskeyword(name) or name in DJANGO_FORM_ATTRIBUTES


def _python_literal(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return "[" + ", ".join(_python_literal(v) for v in value) + "]"
    return _literal(value)


@dataclass(frozen=True)
class DjangoFormView:
    """A form as forms.py declares it."""

    name: str
    form_class: str
    doc: str | None
    fields: tuple[str, ...]  # declarations


def django_form_views(ir: irm.IR) -> list[DjangoFormView]:
    views = []
    for form in ir.forms:
        fields = tuple(django_field(f, None if f.enum is None else
                                    f"_choices(_ENUMS[{_literal(f.enum)}])")
                       for f in form.fields)
        views.append(DjangoFormView(form.name, f"{class_stem(form.name)}Form", form.doc,
                                    fields))
    return views


def django_imports(ir: irm.IR) -> dict[str, bool]:
    """What forms.py imports: `decimal` for decimal bounds, `choices` for enums (date
    bounds are the form rule's, added at registration). Every import takes a `_` alias,
    which no field name (an attribute of the form's class body) can be."""
    def bounded(kind: str) -> bool:
        return any(f.kind == kind and (f.constraints.min is not None
                                       or f.constraints.max is not None)
                   for form in ir.forms for f in form.fields)
    return {"builtins": any(_in_namespace(f.name) for form in ir.forms for f in form.fields),
            "decimal": bounded("decimal"),
            "choices": any(f.enum is not None for form in ir.forms for f in form.fields)}
