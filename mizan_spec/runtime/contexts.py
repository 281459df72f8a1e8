"""Context fetches: one args model per context (the union of its members' parameters)
and, for each member, which of those args it takes.

The language guarantees that members sharing a parameter name agree on its type and
default (the registry checks it), so the union is well defined.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model
from pydantic.fields import FieldInfo

from mizan_spec.ir import model as irm
from mizan_spec.runtime.registry import Entry, Registry


@dataclass(frozen=True)
class Member:
    entry: Entry
    sources: tuple[tuple[str, str], ...]  # (member's Python param name, context model field)

    def kwargs(self, args: BaseModel) -> dict[str, Any]:
        values = args.__dict__
        return {py: values[field] for py, field in self.sources}


@dataclass(frozen=True)
class ContextPlan:
    name: str
    args_model: type[BaseModel]
    members: tuple[Member, ...]  # sorted by function name


def _plan(registry: Registry, ctx: irm.Context) -> ContextPlan:
    fields: dict[str, Any] = {}
    field_of_wire: dict[str, str] = {}
    members = []
    for name in ctx.members:
        entry = registry.entry(name)
        assert entry is not None
        sources = []
        for p in entry.params:
            wire = p.field.name
            if wire not in field_of_wire:
                field_of_wire[wire] = f"p{len(field_of_wire)}"
                info = p.info
                extra: dict[str, Any] = {"alias": wire, "validation_alias": wire,
                                         "serialization_alias": wire}
                if info.is_required() and p.field.has_default:
                    extra["default"] = None
                fields[field_of_wire[wire]] = (p.validation_annotation, FieldInfo.merge_field_infos(
                    info, **extra))
            sources.append((p.py_name, field_of_wire[wire]))
        members.append(Member(entry, tuple(sources)))
    model: type[BaseModel] = create_model(f"{ctx.name}__ctx", __config__=ConfigDict(
        extra="forbid", allow_inf_nan=False), **fields)
    return ContextPlan(ctx.name, model, tuple(members))


def context_plans(registry: Registry, ir: irm.IR) -> dict[str, ContextPlan]:
    return {c.name: _plan(registry, c) for c in ir.contexts}
