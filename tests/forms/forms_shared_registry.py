"""The registry forms_reimported.py registers into: a module of its own, which importing
forms_reimported again leaves alone."""

from __future__ import annotations

from mizan_spec.runtime import Registry

SHARED = Registry()
