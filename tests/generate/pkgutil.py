"""Helpers for tests that generate a package and import it for real."""

from __future__ import annotations

import importlib
import sys
import uuid
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner, Result

from mizan_spec.cli.main import cli


def gen_python(spec: Path, out: Path, backend: str, *extra: str) -> Result:
    return CliRunner().invoke(
        cli, ["gen", "python", str(spec), "--backend", backend, "--out", str(out), *extra])


def import_package(out: Path) -> tuple[ModuleType, ModuleType]:
    """Import a generated package (and its impl) under a unique name; returns
    (package, impl module)."""
    name = f"genpkg_{uuid.uuid4().hex}"
    root = out.parent / f"_import_{name}"
    root.mkdir()
    (root / name).symlink_to(out.resolve(), target_is_directory=True)
    sys.path.insert(0, str(root))
    try:
        package = importlib.import_module(name)
        impl = importlib.import_module(f"{name}.impl")
    finally:
        sys.path.remove(str(root))
    return package, impl
