"""Where an import starts: an IR file, a decorator-first registry, or a Django project.

Each loader gives the IR text the app exports, the Python module of each function (for
`--split module`) and, for live registries, the registry itself so that `losses` can
look for what the IR cannot hold. Failures are `SourceError`s with a plain message,
never a traceback: a module that does not import, a registry that refuses to export.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mizan_spec.ir.emit import emit_ir
from mizan_spec.ir.load import IRError, load_ir
from mizan_spec.ir.model import IR
from mizan_spec.runtime.django_mounts import mounts_in
from mizan_spec.runtime.registry import Registry
from mizan_spec.runtime.typemap import RegistrationError


class SourceError(Exception):
    """The source cannot be read; the message says why and what to do."""


@dataclass
class ImportSource:
    label: str
    ir: IR
    ir_text: str
    modules: dict[str, str] = field(default_factory=dict)  # function -> Python module
    registry: Registry | None = None


def from_ir_file(path: Path) -> ImportSource:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SourceError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from None
    try:
        ir = load_ir(text)
    except IRError as e:
        raise SourceError(f"{path} is not a Mizan IR: {e}") from None
    if emit_ir(ir) != text:
        raise SourceError(f"{path} is not in the IR's canonical form (spec/ir.md); "
                          "export it again with the app's registry")
    return ImportSource(str(path), ir, text)


def from_registry(registry: Registry, label: str) -> ImportSource:
    try:
        text = registry.ir_text()
    except RegistrationError as e:
        raise SourceError(f"{label} does not export an IR: {e}") from None
    modules = {e.name: getattr(e.fn, "__module__", "") or "app" for e in registry.entries()}
    return ImportSource(label, registry.export_ir(), text, modules, registry)


def _import(module: str) -> Any:
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))  # like `python -m` and uvicorn: the app's folder
    try:
        return importlib.import_module(module)
    except RegistrationError as e:
        raise SourceError(f"importing {module} failed while registering: {e}") from None
    except Exception as e:  # the user's module: any failure is theirs to see, in one line
        raise SourceError(f"cannot import {module}: {type(e).__name__}: {e}") from None


def from_app(target: str) -> ImportSource:
    """`module:attribute`, the attribute a `Registry` (like `uvicorn module:app`)."""
    module, _, attr = target.partition(":")
    if not module or not attr:
        raise SourceError(f"--app takes module:registry (e.g. myservice.main:registry), "
                          f"not {target!r}")
    found = _import(module)
    try:
        registry = getattr(found, attr)
    except AttributeError:
        raise SourceError(f"module {module} has no attribute {attr!r}") from None
    if not isinstance(registry, Registry):
        raise SourceError(f"{target} is a {type(registry).__name__}, not a mizan Registry")
    return from_registry(registry, target)


def from_django(settings_module: str) -> ImportSource:
    """The registry a Django project serves: the one its URLconf mounts with `mizan_urls`."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    _import(settings_module)
    try:
        import django
        from django.urls import get_resolver

        django.setup()
        resolver = get_resolver()
        patterns = list(resolver.url_patterns)
    except RegistrationError as e:
        raise SourceError(f"the Django project failed while registering: {e}") from None
    except Exception as e:
        raise SourceError(f"cannot load the Django project {settings_module}: "
                          f"{type(e).__name__}: {e}") from None
    mounts = mounts_in(patterns)
    registries = mounts.registries
    if not registries and mounts.unserved:
        raise SourceError(f"the Django project {settings_module} does not serve its API: "
                          f"{mounts.unserved[0]}")
    if not registries:
        raise SourceError(f"the URLconf of {settings_module} mounts no mizan_urls(...); "
                          "use --app module:registry instead")
    if len(registries) > 1:
        raise SourceError(f"the URLconf of {settings_module} mounts {len(registries)} "
                          "registries; import each with --app module:registry")
    return from_registry(registries[0], f"the Django project {settings_module}")
