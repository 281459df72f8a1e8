"""Pydantic v2 models for the IR's types, through datamodel-code-generator.

The IR becomes JSON Schema (`schema.py`), which datamodel-code-generator turns into a
module: it orders the classes, names them, their fields (keywords and pydantic's own
attributes escaped with a `_` suffix and an alias) and enum members. What each class holds
is printed by custom templates (`generators/python-models/`) from `extra_template_data`:
the views of `model_views.py`, whose annotations, defaults (`date.fromisoformat(...)`) and
docs (enum members' as attribute docstrings, and a labelled enum's `label`) come from the
one type printer, as in every other generated file. Its input is rewritten first
(`model_scalars.py`: `email` and `url` strings, no docs or constraints), and its first
custom formatter `model_layout.py` writes the import block, in place of its builtin
formatter. Its output is used as it is: a spec type named like an import of the module
goes through it under a placeholder, and its second custom formatter `shadowing.py` gives
the names back.
"""

from __future__ import annotations

import json
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datamodel_code_generator as dcg
from datamodel_code_generator.enums import (
    DataModelType,
    DefaultValueType,
    InputFileType,
    TargetPydanticVersion,
)
from datamodel_code_generator.format import PythonVersion

from mizan_spec.generate.python.model_scalars import for_models
from mizan_spec.generate.python.model_views import EnumView, StructView, model_views
from mizan_spec.generate.python.pytypes import Imports
from mizan_spec.generate.python.schema import ir_json_schema
from mizan_spec.generate.python.shadowing import (
    class_names,
    formatter_kwargs,
    placeholders,
    rename_schema,
)
from mizan_spec.generate.templates import templates_root
from mizan_spec.ir.model import IR


@dataclass(frozen=True)
class ModelNames:
    """Python attribute names of each model's fields and enum's members, by wire name
    (they differ for escaped names such as `from` -> `from_`), as the templates printed
    them."""

    fields: dict[str, dict[str, str]]

    def attribute(self, model: str, wire: str) -> str:
        return self.fields.get(model, {}).get(wire, wire)


def render_models(ir: IR, header: str, *, runtime: bool = True,
                  schema: dict[str, Any] | None = None) -> tuple[str, ModelNames]:
    """The models module's text (starting with `header`) and its field names; `runtime`:
    the package may import mizan-spec's runtime (a server's does, a client's does not);
    `schema`: the IR's `ir_json_schema(ir, "models")`, when the caller has it already."""
    if not ir.structs and not ir.enums:
        return header + "\nfrom __future__ import annotations\n", ModelNames({})
    schema = for_models(ir_json_schema(ir, "models") if schema is None else schema,
                        runtime=runtime)
    spec = [*(e.name for e in ir.enums), *(st.name for st in ir.structs)]
    # names in the models' scopes: a spec type, a field or member hiding one in its class
    taken = frozenset({*spec, *(f.name for st in ir.structs for f in st.fields),
                       *(m.name for e in ir.enums for m in e.members)})
    classes: dict[str, str] = {}
    imports = Imports(taken, runtime=runtime)
    views = model_views(ir, imports)
    code = _generate(schema, header, _field_aliases(ir, {}), _data(views, classes),
                     formatter_kwargs(taken, classes, imports))
    generated = class_names(code)
    renamed = [n for n in spec if n not in generated]
    if renamed:  # named like something the generator imports: see shadowing.py
        classes = placeholders(renamed, set(spec))
        imports = Imports(taken, renamed=classes, runtime=runtime)
        views = model_views(ir, imports)
        code = _generate(rename_schema(schema, classes), header, _field_aliases(ir, classes),
                         _data(views, classes), formatter_kwargs(taken, classes, imports))
    names = ModelNames({name: dict(view.names) for name, view in views.items()})
    return code.rstrip("\n") + "\n", names


def _data(views: dict[str, StructView | EnumView],
          classes: dict[str, str]) -> dict[str, dict[str, object]]:
    """The template data of each class, by its path in the schema (`classes`: the
    placeholders of renamed ones)."""
    return {f"#/$defs/{classes.get(name, name)}": {"mizan": view}
            for name, view in views.items()}


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


def _generate(schema: object, header: str, aliases: dict[str, str],
              views: dict[str, dict[str, object]], shadowing: dict[str, object]) -> str:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = dcg.generate(
            json.dumps(schema),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            use_field_description=False, use_subclass_enum=True,
            skip_root_model=True, set_default_enum_member=True,
            # escaped names (`from_`) construct by Python name too: validate_by_name
            allow_population_by_field_name=True,
            target_pydantic_version=TargetPydanticVersion.V2_11,
            deserialize_default_values=list(DefaultValueType),
            # laid out by model_layout.py, not the builtin formatter: see there
            disable_timestamp=True, formatters=[],
            custom_formatters=["mizan_spec.generate.python.model_layout",
                               "mizan_spec.generate.python.shadowing"],
            custom_formatters_kwargs=shadowing,
            # fixed, so the bytes never depend on a pyproject.toml near the working directory
            settings_path=Path(__file__).parent,
            custom_file_header=header.rstrip("\n"),
            aliases=aliases or None,
            custom_template_dir=templates_root() / "python-models",
            extra_template_data=defaultdict(dict, views),
        )
    # the generator keeps going, unformatted, when a formatter fails: never ship that
    failed = [str(w.message) for w in caught if str(w.message).startswith("Failed to format")]
    if failed or not isinstance(code, str):
        raise RuntimeError(f"the models generator failed: {failed}")
    return code
