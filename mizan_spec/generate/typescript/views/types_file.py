"""The view of types.ts: every enum and struct, under its spec name."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.names import Namespace, doc_comment, prop, string
from mizan_spec.generate.typescript.typemap import TYPE_OPERATORS, ts_type
from mizan_spec.ir.model import IR
from mizan_spec.ir.types import TypeExpr, names_in


@dataclass(frozen=True)
class EnumView:
    name: str
    doc: tuple[str, ...]
    union: str  # `"draft" | "published"`


@dataclass(frozen=True)
class FieldView:
    prop: str
    type: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class StructView:
    name: str
    doc: tuple[str, ...]
    fields: tuple[FieldView, ...]


@dataclass(frozen=True)
class TypesFile:
    kernel_alias: str | None  # the namespace kernel.ts is imported as, when `json` is used
    self_alias: str | None  # the namespace types.ts imports itself as (see typemap)
    enums: tuple[EnumView, ...]
    structs: tuple[StructView, ...]


def types_file(ir: IR) -> TypesFile:
    field_types = [f.type for s in ir.structs for f in s.fields]
    used = {n.name for t in field_types for n in names_in(t)}
    scope = Namespace([*(e.name for e in ir.enums), *(s.name for s in ir.structs)])
    alias = scope.claim("mizan") if "json" in used else None
    self_alias = scope.claim("self") if used & TYPE_OPERATORS else None

    def render(t: TypeExpr) -> str:
        return ts_type(t, types_prefix="", json_name=f"{alias}.JsonValue",
                       operator_prefix=f"{self_alias}.")

    return TypesFile(
        kernel_alias=alias, self_alias=self_alias,
        enums=tuple(EnumView(e.name, tuple(doc_comment(e.doc)),
                             " | ".join(string(m.name) for m in e.members)) for e in ir.enums),
        structs=tuple(StructView(s.name, tuple(doc_comment(s.doc)), tuple(
            FieldView(prop(f.name), render(f.type), tuple(doc_comment(f.doc, "  ")))
            for f in s.fields)) for s in ir.structs))
