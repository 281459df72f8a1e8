"""Build a TypeScript workspace for the tests: generated clients plus test scripts,
compiled with `tsc --strict` against tests/clients/ts/node_modules."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from mizan_spec.ir.model import IR

TS_DIR = Path(__file__).resolve().parent / "ts"


def stale_ir(ir: IR) -> IR:
    """The same API with one doc changed: another IR hash, calls that still work."""
    first = ir.functions[0]
    changed = dataclasses.replace(first, doc=(first.doc or "") + " (changed)")
    return dataclasses.replace(ir, functions=(changed, *ir.functions[1:]))


def workspace(root: Path, node_modules: Path) -> Path:
    """An empty workspace: node_modules linked, package.json (ESM) and tsconfig copied."""
    root.mkdir(parents=True, exist_ok=True)
    link = root / "node_modules"
    if not link.exists():
        link.symlink_to(node_modules, target_is_directory=True)
    shutil.copy(TS_DIR / "tsconfig.json", root / "tsconfig.json")
    (root / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    return root


def generate(root: Path, name: str, ir: IR, label: str, *, react: bool, vue: bool = False,
             svelte: bool = False) -> Path:
    out = root / name
    write_files(out, generate_typescript(ir, label, react=react, vue=vue, svelte=svelte))
    return out


def tsc(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run tsc on the workspace's tsconfig (strict); output is in the result."""
    return subprocess.run([str(root / "node_modules" / ".bin" / "tsc"), "-p", str(root), *extra],
                          capture_output=True, text=True, timeout=120)
