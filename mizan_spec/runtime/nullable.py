"""Validation models in which a nullable field without a default defaults to null.

The language says a `T?` field without a default defaults to null (spec/language.md §6),
and the IR records `default=#null`; pydantic v2, though, requires `note: str | None`
unless it is written `note: str | None = None`. The registry keeps the author's models
as they are (their IR is unchanged, and so is plain Python use of them) and validates
arguments against *lenient* subclasses instead: the same fields, validators and config,
except that every such field defaults to None, and every field that reaches such a model
(directly, in a list, dict or `T | None`, recursively) reaches its lenient subclass.
A server function therefore receives an instance of a subclass of the declared model
(`isinstance` holds; `type(x) is Model` does not); models that need no change are used
as they are. Results are serialized with the declared types, which accept these
instances.
"""

from __future__ import annotations

import types
import typing
from typing import Any, ForwardRef

from pydantic import BaseModel, create_model
from pydantic.fields import FieldInfo


def _is_nullable(ann: Any) -> bool:
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return _is_nullable(typing.get_args(ann)[0])
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(ann)


def _needs_default(info: FieldInfo) -> bool:
    return info.is_required() and _is_nullable(info.annotation)


def _models_in(ann: Any) -> list[type[BaseModel]]:
    if isinstance(ann, type):
        return [ann] if issubclass(ann, BaseModel) else []
    return [m for a in typing.get_args(ann) for m in _models_in(a)]


class Lenient:
    """Builds (once per model class) the lenient subclasses of `lenient_annotation`."""

    def __init__(self) -> None:
        self._made: dict[type[BaseModel], type[BaseModel]] = {}
        self._unchanged: set[type[BaseModel]] = set()

    def annotation(self, ann: Any) -> Any:
        """`ann` with each model that needs it replaced by its lenient subclass."""
        todo = self._plan(ann)
        if todo:
            self._build(todo)
        return self._rewrite(ann, lambda cls: self._made.get(cls, cls))

    def _plan(self, ann: Any) -> list[type[BaseModel]]:
        """The not-yet-built models reachable from `ann` that need a lenient subclass."""
        reach: dict[type[BaseModel], list[type[BaseModel]]] = {}
        stack = _models_in(ann)
        while stack:
            cls = stack.pop()
            if cls in reach or cls in self._made or cls in self._unchanged:
                continue
            reach[cls] = [m for f in cls.model_fields.values() for m in _models_in(f.annotation)]
            stack.extend(reach[cls])
        needy = {c for c in reach if any(_needs_default(f) for f in c.model_fields.values())}
        needy |= {c for c in reach for m in reach[c] if m in self._made}
        changed = True
        while changed:
            changed = False
            for c, ms in reach.items():
                if c not in needy and any(m in needy for m in ms):
                    needy.add(c)
                    changed = True
        self._unchanged |= set(reach) - needy
        return [c for c in reach if c in needy]

    def _build(self, todo: list[type[BaseModel]]) -> None:
        refs = {cls: f"__mizan_lenient_{i}_{cls.__name__}" for i, cls in enumerate(todo)}

        def target(cls: type[BaseModel]) -> Any:
            if cls in refs:
                return ForwardRef(refs[cls])
            return self._made.get(cls, cls)

        for cls in todo:
            overrides: dict[str, Any] = {}
            for name, info in cls.model_fields.items():
                ann = self._rewrite(info.annotation, target)
                if _needs_default(info):
                    overrides[name] = (ann, FieldInfo.merge_field_infos(info, default=None))
                elif ann is not info.annotation:
                    overrides[name] = (ann, info)
            model: type[BaseModel] = create_model(
                cls.__name__, __base__=cls, __module__=cls.__module__,
                __doc__=cls.__doc__, **overrides)
            self._made[cls] = model
        namespace = {refs[cls]: self._made[cls] for cls in todo}
        for cls in todo:
            self._made[cls].model_rebuild(force=True, _types_namespace=namespace)

    def _rewrite(self, ann: Any, swap: Any) -> Any:
        if isinstance(ann, type):
            return swap(ann) if issubclass(ann, BaseModel) else ann
        origin = typing.get_origin(ann)
        args = typing.get_args(ann)
        if origin is None or not args:
            return ann
        if origin is typing.Annotated:
            inner = self._rewrite(args[0], swap)
            return ann if inner is args[0] else typing.Annotated[(inner, *ann.__metadata__)]
        new = tuple(self._rewrite(a, swap) for a in args)
        if all(a is b for a, b in zip(new, args, strict=True)):
            return ann
        if origin in (typing.Union, types.UnionType):
            return typing.Union[new]  # noqa: UP007
        return origin[new] if len(new) > 1 else origin[new[0]]
