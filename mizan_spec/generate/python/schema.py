"""The IR as JSON Schema (draft 2020-12): the input of the model generator, and a file
other tools can read.

Every struct and enum of the IR becomes a `$defs` entry named after it. The mapping:
`int` integer, `float` number, `str` string, `bool` boolean; `date`, `datetime` and
`uuid` strings with that format; `decimal` a string with format `decimal`; `email` and
`url` strings with format `email` / `uri` plus the pattern and maximum length of their one
rule (`ir/formats.py`, which JavaScript reads as Python does); `json` any value;
`list[T]` array; `dict[str, T]` object with `additionalProperties`; `T?` a type list with
null (`anyOf` with null for references). Constraints map to minimum/maximum,
minLength/maxLength (strings), minItems/maxItems (lists), minProperties/maxProperties
(dicts) and pattern.
"""

from __future__ import annotations

import json
from typing import Any

from mizan_spec.ir import formats
from mizan_spec.ir.model import IR, Constraints, Enum, Field, Struct
from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr

_SCALARS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "str": {"type": "string"},
    "bool": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "uuid": {"type": "string", "format": "uuid"},
    "decimal": {"type": "string", "format": "decimal"},
    "email": {"type": "string", "format": "email", "pattern": formats.EMAIL_PATTERN,
              "maxLength": formats.EMAIL_MAX_LENGTH},
    "url": {"type": "string", "format": "uri", "pattern": formats.URL_PATTERN,
            "maxLength": formats.URL_MAX_LENGTH},
    "json": {},
}


def type_schema(t: TypeExpr) -> dict[str, Any]:
    if isinstance(t, Named):
        scalar = _SCALARS.get(t.name)
        return dict(scalar) if scalar is not None else {"$ref": f"#/$defs/{t.name}"}
    if isinstance(t, ListOf):
        return {"type": "array", "items": type_schema(t.item)}
    if isinstance(t, DictOf):
        return {"type": "object", "additionalProperties": type_schema(t.value)}
    assert isinstance(t, Optional)
    inner = type_schema(t.inner)
    if isinstance(inner.get("type"), str):
        inner["type"] = [inner["type"], "null"]  # keeps constraints on the one schema
        return inner
    if not inner:
        return inner  # json already admits null
    return {"anyOf": [inner, {"type": "null"}]}


def _constraints(t: TypeExpr, c: Constraints) -> dict[str, Any]:
    base = t.inner if isinstance(t, Optional) else t
    out: dict[str, Any] = {}
    if c.min is not None:
        out["minimum"] = c.min
    if c.max is not None:
        out["maximum"] = c.max
    lengths = ("minLength", "maxLength")
    if isinstance(base, ListOf):
        lengths = ("minItems", "maxItems")
    elif isinstance(base, DictOf):
        lengths = ("minProperties", "maxProperties")
    if c.min_length is not None:
        out[lengths[0]] = c.min_length
    if c.max_length is not None:
        out[lengths[1]] = c.max_length
    if c.pattern is not None:
        out["pattern"] = c.pattern
    return out


def field_schema(f: Field) -> dict[str, Any]:
    schema = type_schema(f.type)
    constraints = _constraints(f.type, f.constraints)
    schema.update(constraints)  # beside `anyOf` for T?: keywords apply to the matching type
    if f.doc is not None:
        schema["description"] = f.doc
    if f.has_default:
        schema["default"] = f.default
    return schema


def struct_schema(s: Struct) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "title": s.name}
    if s.doc is not None:
        schema["description"] = s.doc
    schema["properties"] = {f.name: field_schema(f) for f in s.fields}
    required = [f.name for f in s.fields if not f.has_default]
    if required:
        schema["required"] = required
    return schema


def enum_schema(e: Enum) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "title": e.name}
    if e.doc is not None:
        schema["description"] = e.doc
    schema["enum"] = [m.name for m in e.members]
    return schema


def ir_json_schema(ir: IR, title: str) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for e in ir.enums:
        defs[e.name] = enum_schema(e)
    for s in ir.structs:
        defs[s.name] = struct_schema(s)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
            "$defs": dict(sorted(defs.items()))}


def schema_text(ir: IR, title: str) -> str:
    """Deterministic JSON text (sorted definitions, two-space indent, final newline)."""
    return json_text(ir_json_schema(ir, title))


def json_text(schema: dict[str, Any]) -> str:
    """The text of a schema made by `ir_json_schema`, as `schema_text` writes it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
