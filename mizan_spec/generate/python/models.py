"""Pydantic v2 models for the IR's types, through datamodel-code-generator.

The IR becomes JSON Schema (`schema.py`), which datamodel-code-generator turns into
models with constraints in `Annotated[..., Field(...)]`, docs as docstrings and
`description`s, keyword field names escaped with a `_` suffix and an alias, and enums as
`StrEnum`s. One thing it leaves as text is fixed after: defaults of `date`, `datetime`
and `uuid` fields, which it writes as ISO strings and which become real values here
(otherwise the model is mistyped and `mypy --strict` refuses it). `email` and `url`
fields are rewritten before (`model_scalars.py`).
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import datamodel_code_generator as dcg
from datamodel_code_generator.enums import (
    DataModelType,
    DefaultValueType,
    InputFileType,
    TargetPydanticVersion,
)
from datamodel_code_generator.format import DatetimeClassType, Formatter, PythonVersion

from mizan_spec.generate.python.enum_labels import add_labels
from mizan_spec.generate.python.literals import string_literal
from mizan_spec.generate.python.model_scalars import for_models
from mizan_spec.generate.python.schema import ir_json_schema
from mizan_spec.generate.python.shadowing import class_names, placeholders, rename_schema, restore
from mizan_spec.ir.model import IR
from mizan_spec.ir.types import Named, Optional

MODEL_LINE_LENGTH = 99

_CONSTRUCTORS = {"date": "date.fromisoformat", "datetime": "datetime.fromisoformat",
                 "uuid": "UUID"}


@dataclass(frozen=True)
class ModelNames:
    """Python attribute names of each model's fields, by wire name (they differ for
    escaped names such as `from` -> `from_`)."""

    fields: dict[str, dict[str, str]]

    def attribute(self, model: str, wire: str) -> str:
        return self.fields.get(model, {}).get(wire, wire)


def render_models(ir: IR, header: str, *, runtime: bool = True) -> tuple[str, ModelNames]:
    """The models module's text (starting with `header`) and its field names; `runtime`:
    the package may import mizan-spec's runtime (a server's does, a client's does not)."""
    if not ir.structs and not ir.enums:
        return header + "\nfrom __future__ import annotations\n", ModelNames({})
    schema = for_models(ir_json_schema(ir, "models"), runtime=runtime)
    code = _generate(schema, header, _field_aliases(ir, {}))
    spec = [*(e.name for e in ir.enums), *(st.name for st in ir.structs)]
    renamed = [n for n in spec if n not in class_names(code)]
    if renamed:  # named like something the generator imports: see shadowing.py
        classes = placeholders(renamed, set(spec))
        code = restore(_generate(rename_schema(schema, classes), header,
                                 _field_aliases(ir, classes)), classes)
    code = _temporal_defaults(code, ir)
    names = _names(code)
    code = _member_docs(code, ir, names)
    code = add_labels(code, ir)
    code = _fit(code)
    code = code.rstrip("\n") + "\n"
    return code, names


def _field_aliases(ir: IR, classes: dict[str, str]) -> dict[str, str]:
    """Python names for fields named like a spec type (`field Any Any`): in the class
    body the field would hide the type from the annotations after it. `Class.field` keys,
    as datamodel-code-generator takes them; `classes` maps renamed classes."""
    types = {*(e.name for e in ir.enums), *(s.name for s in ir.structs)}
    aliases = {}
    for struct in ir.structs:
        taken = {f.name for f in struct.fields}  # `X_` is only another field's own name
        for f in struct.fields:
            if f.name in types:
                python = f"{f.name}_"
                while python in taken:
                    python += "_"
                taken.add(python)
                aliases[f"{classes.get(struct.name, struct.name)}.{f.name}"] = python
    return aliases


def _generate(schema: object, header: str, aliases: dict[str, str]) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = dcg.generate(
            json.dumps(schema),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            use_annotated=True, field_constraints=True, use_standard_collections=True,
            use_union_operator=True, use_schema_description=True, use_field_description=False,
            use_single_line_docstring=True, use_subclass_enum=True, strict_nullable=True,
            skip_root_model=True, set_default_enum_member=True,
            # escaped names (`from_`) construct by Python name too: validate_by_name
            allow_population_by_field_name=True,
            target_pydantic_version=TargetPydanticVersion.V2_11,
            deserialize_default_values=list(DefaultValueType),
            output_datetime_class=DatetimeClassType.Datetime,
            disable_timestamp=True, formatters=[Formatter.BUILTIN],
            # fixed, so the bytes never depend on a pyproject.toml near the working directory
            builtin_format_line_length=MODEL_LINE_LENGTH,
            settings_path=Path(__file__).parent,
            custom_file_header=header.rstrip("\n"),
            aliases=aliases or None,
        )
    assert isinstance(code, str)
    return code


def _class_lines(lines: list[str]) -> dict[str, int]:
    """Line index of each `class Name(` in the module."""
    found = {}
    for i, line in enumerate(lines):
        if line.startswith("class "):
            found[line[6:].split("(", 1)[0].split(":", 1)[0]] = i
    return found


def _temporal_defaults(code: str, ir: IR) -> str:
    lines = code.split("\n")
    classes = _class_lines(lines)
    for struct in ir.structs:
        start = classes.get(struct.name)
        if start is None:
            continue
        for f in struct.fields:
            base = f.type.inner if isinstance(f.type, Optional) else f.type
            if not (isinstance(base, Named) and base.name in _CONSTRUCTORS
                    and isinstance(f.default, str)):
                continue
            literal = re.compile(r"= (['\"])" + re.escape(f.default) + r"\1$")
            for i in range(start + 1, len(lines)):
                if lines[i].startswith("class "):
                    break
                if literal.search(lines[i]):
                    lines[i] = literal.sub(
                        f"= {_CONSTRUCTORS[base.name]}({json.dumps(f.default)})", lines[i])
                    break
    return "\n".join(lines)


def _member_docs(code: str, ir: IR, names: ModelNames) -> str:
    """Enum member docs as attribute docstrings right after each member."""
    lines = code.split("\n")
    for enum in ir.enums:
        if not any(m.doc for m in enum.members):
            continue
        start = _class_lines(lines).get(enum.name)  # insertions move later classes
        if start is None:
            continue
        for member in enum.members:
            if member.doc is None:
                continue
            attribute = names.attribute(enum.name, member.name)
            for i in range(start + 1, len(lines)):
                if lines[i].startswith("class "):
                    break
                if lines[i].startswith(f"    {attribute} = "):
                    doc = member.doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
                    lines.insert(i + 1, f'    """{doc}"""')
                    break
    return "\n".join(lines)


_KEYWORD_STRING = re.compile(r"""( *)([a-z_]+=)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(,?)\Z""")


def _fit(code: str) -> str:
    """Long docstrings and long `description='...'` arguments (the formatter leaves
    strings alone) split into implicitly joined pieces within the line length; the
    values, and so the docs the runtime reads back, are unchanged."""
    out = []
    for line in code.split("\n"):
        if len(line) <= MODEL_LINE_LENGTH:
            out.append(line)
            continue
        stripped = line.lstrip(" ")
        indent = line[:len(line) - len(stripped)]
        keyword = _KEYWORD_STRING.match(line)
        if stripped.startswith('"""') and stripped.endswith('"""') and len(stripped) > 6:
            value = ast.literal_eval(stripped)
            out.append(indent + string_literal(value, indent, MODEL_LINE_LENGTH))
        elif keyword is not None:
            value = ast.literal_eval(keyword[3])
            out.append(f"{indent}{keyword[2]}"
                       f"{string_literal(value, indent, MODEL_LINE_LENGTH)}{keyword[4]}")
        else:
            out.append(line)
    return "\n".join(out)


def _names(code: str) -> ModelNames:
    fields: dict[str, dict[str, str]] = {}
    for node in ast.parse(code).body:
        if not isinstance(node, ast.ClassDef):
            continue
        names: dict[str, str] = {}
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                attr = item.target.id
                names[_alias(item) or attr] = attr
            elif isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name):
                value = item.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    names[value.value] = item.targets[0].id  # enum member
        fields[node.name] = names
    return ModelNames(fields)


def _alias(item: ast.AnnAssign) -> str | None:
    for call in ast.walk(item):
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Field":
            for kw in call.keywords:
                if kw.arg == "alias" and isinstance(kw.value, ast.Constant):
                    return str(kw.value.value)
    return None
