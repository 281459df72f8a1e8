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
type of that name cannot shadow anything. Inside types.ts, a type named like a type
operator (`keyof`, `readonly`...) cannot be referred to by its bare name; it is read
through a namespace import of types.ts itself (`self.keyof`).
"""

from __future__ import annotations

from mizan_spec.ir.types import DictOf, ListOf, Named, Optional, TypeExpr

TYPE_OPERATORS = frozenset(["infer", "intrinsic", "keyof", "readonly", "unique"])
"""Words a declaration may be named but a type reference cannot be (TypeScript parses
them as operators)."""

SCALAR_TS = {
    "int": "number",
    "float": "number",
    "decimal": "string",
    "str": "string",
    "date": "string",
    "datetime": "string",
    "uuid": "string",
    "email": "string",
    "url": "string",
    "bool": "boolean",
}


def ts_type(t: TypeExpr, *, types_prefix: str, json_name: str,
            operator_prefix: str = "") -> str:
    """The TypeScript text of `t`. Declared names get `types_prefix` (`""` inside
    types.ts, `"types."` elsewhere), or `operator_prefix` when `types_prefix` is empty
    and the name is one of TYPE_OPERATORS; `json` becomes `json_name`."""
    def again(inner: TypeExpr) -> str:
        return ts_type(inner, types_prefix=types_prefix, json_name=json_name,
                       operator_prefix=operator_prefix)

    if isinstance(t, Named):
        if t.name == "json":
            return json_name
        if t.name in SCALAR_TS:
            return SCALAR_TS[t.name]
        if not types_prefix and t.name in TYPE_OPERATORS:
            return operator_prefix + t.name
        return types_prefix + t.name
    if isinstance(t, ListOf):
        item = again(t.item)
        return f"({item})[]" if " | " in item else f"{item}[]"
    if isinstance(t, DictOf):
        return f"{{ [key: string]: {again(t.value)} }}"
    assert isinstance(t, Optional)
    return f"{again(t.inner)} | null"
