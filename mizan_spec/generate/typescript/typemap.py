"""IR type expressions as TypeScript types.

| IR                         | TypeScript                               |
|----------------------------|------------------------------------------|
| `int`, `float`             | `number`                                 |
| `decimal`                  | `string` (the wire form, exact: `"1.50"`) |
| `str`, `date`, `datetime`, `uuid` | `string` (ISO / canonical text)   |
| `bool`                     | `boolean`                                |
| `json`                     | `JsonValue` (a recursive union, never `any`) |
| `T?`                       | `T \\| null`                              |
| `list[T]`                  | `T[]` (parenthesised when T is a union)  |
| `dict[str, T]`             | `{ [key: string]: T }`                   |
| a type or enum             | its name, through the `types` namespace outside types.ts |

No global type name (`Record`, `Array`, `Promise`...) is used for spec types, so a spec
type of that name cannot shadow anything.
"""

from __future__ import annotations

from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr

SCALAR_TS = {
    "int": "number",
    "float": "number",
    "decimal": "string",
    "str": "string",
    "date": "string",
    "datetime": "string",
    "uuid": "string",
    "bool": "boolean",
}


def ts_type(t: TypeExpr, *, types_prefix: str, json_name: str) -> str:
    """The TypeScript text of `t`. Declared names get `types_prefix` (`""` inside
    types.ts, `"types."` elsewhere); `json` becomes `json_name`."""
    if isinstance(t, Named):
        if t.name == "json":
            return json_name
        if t.name in SCALAR_TS:
            return SCALAR_TS[t.name]
        return types_prefix + t.name
    if isinstance(t, ListOf):
        item = ts_type(t.item, types_prefix=types_prefix, json_name=json_name)
        return f"({item})[]" if " | " in item else f"{item}[]"
    if isinstance(t, DictOf):
        value = ts_type(t.value, types_prefix=types_prefix, json_name=json_name)
        return f"{{ [key: string]: {value} }}"
    assert isinstance(t, Optional)
    inner = ts_type(t.inner, types_prefix=types_prefix, json_name=json_name)
    return f"{inner} | null"
