"""Telling a re-imported definition from a different one of the same name.

Importing a module again (`importlib.reload`, or one file imported under two module
names is not this: those differ in `__module__`) defines its classes and functions
anew: new objects, the same `__module__` and `__qualname__` (one without `<locals>`: what
a function makes each time it runs stays a different definition). The registry takes such a
definition as the same one, replacing the earlier object, where two different
definitions of one name are an error.
"""

from __future__ import annotations

from typing import Any


def redefines(new: Any, old: Any) -> bool:
    """`new` is `old` defined again by re-running its module (not the same object)."""
    if new is old or "<locals>" in str(getattr(new, "__qualname__", "<locals>")):
        return False  # made by a function, as often as it runs: not a module's definition
    key = ("__module__", "__qualname__")
    return all(getattr(new, k, None) is not None and getattr(new, k, None) == getattr(old, k, None)
               for k in key)
