"""Proof that formatting changed nothing but layout: both texts parse to the same KDL
(up to the place of the top-level `mizan` node, which the formatter moves first).

Compares ckdl's trees value by value, types included (ckdl's own `==` ignores value
types), so a formatted file provably yields the same spec and the same IR.
"""

from __future__ import annotations

import math
from typing import Any

import ckdl


def _value(v: Any) -> tuple[Any, ...]:
    if type(v) is ckdl.Value:
        return ("annotated", v.type_annotation, _value(v.value))
    if isinstance(v, float):
        return ("float", "nan" if math.isnan(v) else v)
    return (type(v).__name__, v)


def _version_first(nodes: list[Any]) -> list[Any]:
    """The formatter moves the `mizan` version node first; order means nothing for it."""
    index = next((i for i, n in enumerate(nodes) if n.name == "mizan"), None)
    if index is None:
        return list(nodes)
    return [nodes[index], *nodes[:index], *nodes[index + 1:]]


def same_document(a: str, b: str) -> bool:
    """True when both texts parse (as KDL 2.0) to identical documents."""
    try:
        left = ckdl.parse(a, version=2).nodes
        right = ckdl.parse(b, version=2).nodes
    except (ckdl.ParseError, ValueError, OverflowError, RecursionError):
        return False
    work: list[tuple[list[Any], list[Any]]] = [(_version_first(left), _version_first(right))]
    while work:
        xs, ys = work.pop()
        if len(xs) != len(ys):
            return False
        for x, y in zip(xs, ys, strict=True):
            if (x.name, x.type_annotation) != (y.name, y.type_annotation):
                return False
            if [_value(v) for v in x.args] != [_value(v) for v in y.args]:
                return False
            if {k: _value(v) for k, v in x.properties.items()} != {
                    k: _value(v) for k, v in y.properties.items()}:
                return False
            work.append((x.children, y.children))
    return True
