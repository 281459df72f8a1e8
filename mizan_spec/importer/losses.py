"""What a decorator-first app has that its IR (and so a spec) cannot hold.

The IR is what the app exports, so the imported spec always gives it back; but a
registry can also carry Python-only behaviour: pydantic validators, constraints with no
spec form (`multiple_of`, `strict`, custom `Annotated` validators), route functions
whose bodies build framework responses, predicate bodies. None of it may vanish
silently: each is reported, naming the function and what to do.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from mizan_spec.runtime.registry import Registry

_KEPT = (annotated_types.Ge, annotated_types.Le, annotated_types.MinLen, annotated_types.MaxLen)


@dataclass(frozen=True)
class Loss:
    where: str  # "function `f`, parameter `x`" or "type `T`, field `y`"
    what: str
    todo: str
    severity: str = "warning"  # "warning": behaviour not in the spec; "note": code to move

    def render(self) -> str:
        return f"{self.severity}: {self.where}: {self.what}; {self.todo}"


def _metadata_losses(info: FieldInfo, where: str) -> Iterator[Loss]:
    for m in info.metadata:
        if isinstance(m, _KEPT) or getattr(m, "pattern", None) is not None:
            continue
        yield Loss(where, f"`{m!r}` has no spec form",
                   "enforce it in the implementation (impl.py) or drop it")


def _models_in(annotation: Any, seen: set[type]) -> Iterator[type[BaseModel]]:
    stack = [annotation]
    while stack:
        ann = stack.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            if ann not in seen:
                seen.add(ann)
                yield ann
                stack.extend(f.annotation for f in ann.model_fields.values())
            continue
        stack.extend(typing.get_args(ann))


def _model_losses(model: type[BaseModel]) -> Iterator[Loss]:
    where = f"type `{model.__name__}`"
    decorators = model.__pydantic_decorators__
    for name in sorted({*decorators.field_validators, *decorators.model_validators,
                        *decorators.field_serializers, *decorators.model_serializers}):
        yield Loss(where, f"the validator or serializer `{name}` has no spec form",
                   "move its check into the implementation (impl.py)")
    for fname, info in model.model_fields.items():
        yield from _metadata_losses(info, f"{where}, field `{fname}`")


def find_losses(registry: Registry) -> list[Loss]:
    """Every Python-only detail of `registry`, in a stable order."""
    found: list[Loss] = []
    seen: set[type] = set()
    for entry in registry.entries():
        where = f"function `{entry.name}`"
        if entry.function.route is not None:
            found.append(Loss(where, "a route function returns its framework's own response",
                              "move its body into impl.py unchanged", "note"))
        for p in entry.params:
            found.extend(_metadata_losses(p.info, f"{where}, parameter `{p.field.name}`"))
            for model in _models_in(p.annotation, seen):
                found.extend(_model_losses(model))
        hints = typing.get_type_hints(entry.fn, include_extras=True)
        for model in _models_in(hints.get("return"), seen):
            found.extend(_model_losses(model))
    for name in sorted({e.function.auth for e in registry.entries()}):
        if registry.predicate(name) is not None:
            found.append(Loss(f"predicate `{name}`", "its body is Python",
                              "move it into impl.py as the method of the same name", "note"))
    return found
