"""The model generator's input: the IR's JSON Schema with its `email` and `url` scalars
rewritten, and without the docs and constraints the type printer writes from the IR.

JSON Schema writes them as strings with `format` `email` / `uri` and the pattern and
length of their rule (`schema.py`). datamodel-code-generator would turn those formats
into pydantic's `EmailStr` / `AnyUrl`, which need extra packages and normalise URLs, so
its input is rewritten first:

- in a server package, such a string becomes the runtime's own annotation
  (`mizan_spec.runtime.Email` / `Url`): it validates by the same rule, reports the
  protocol's `wrong_type` issue, and exports the scalar's IR name again;
- in a standalone client package (which must not import mizan-spec), it is a plain
  `str`: the client types its calls, and the server it calls checks the rule.
"""

from __future__ import annotations

from typing import Any

from mizan_spec.ir import formats

_RUNTIME_TYPES: dict[tuple[object, object], str] = {
    (formats.EMAIL_PATTERN, "email"): "mizan_spec.runtime.Email",
    (formats.URL_PATTERN, "uri"): "mizan_spec.runtime.Url",
}


_PRINTED = frozenset({  # what the type printer writes from the IR, not from the generator
    "description", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "minProperties",
    "maxProperties"})
_NAMED = frozenset({"$defs", "properties"})  # names (spec names: any) -> schemas
_NESTED = frozenset({"items", "additionalProperties"})  # -> a schema
_LISTED = frozenset({"anyOf", "oneOf", "allOf"})  # -> schemas


def for_models(schema: Any, *, runtime: bool) -> Any:
    """A copy of `schema` with every `email`/`url` string rewritten as above, and without
    the docs and constraints (`_PRINTED`): the generator would only turn them into field
    types and imports that the models module does not use. Values (`default`, `enum`) and
    the names of properties and types are kept whatever they are (a field `pattern`)."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _NAMED and isinstance(value, dict):
            out[key] = {name: for_models(item, runtime=runtime) for name, item in value.items()}
        elif key in _NESTED:
            out[key] = for_models(value, runtime=runtime)
        elif key in _LISTED and isinstance(value, list):
            out[key] = [for_models(item, runtime=runtime) for item in value]
        elif key not in _PRINTED:
            out[key] = value
    pattern, kind = schema.get("pattern"), schema.get("format")
    custom = (_RUNTIME_TYPES.get((pattern, kind))
              if isinstance(pattern, str) and isinstance(kind, str) else None)
    if custom is not None:
        del out["format"]
        if runtime:
            if isinstance(out["type"], list):  # `T?`: the generator keeps `| None` only so
                out.pop("type")
                return {"anyOf": [{"type": "string", "customTypePath": custom},
                                  {"type": "null"}], **out}
            out["customTypePath"] = custom
    return out
