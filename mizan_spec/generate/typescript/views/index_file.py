"""The view of index.ts: which client exports must be re-exported by name because a
spec type has the same name (the type then stays reachable as `types.Name`)."""

from __future__ import annotations

from dataclasses import dataclass

from mizan_spec.generate.typescript.symbols import Symbols, needs_realtime
from mizan_spec.ir.model import IR


@dataclass(frozen=True)
class IndexFile:
    react: bool
    realtime: bool  # realtime.ts is generated
    channels: bool  # channels.ts (and react_channels.ts with react) are generated
    forms: bool  # forms.ts (and react-forms.ts with react) are generated
    reexports: tuple[str, ...]  # `export { MizanClient, type Schema } from "./kernel.js";`


def index_file(ir: IR, symbols: Symbols, *, react: bool) -> IndexFile:
    declared = {*(e.name for e in ir.enums), *(s.name for s in ir.structs)}
    by_module: dict[str, list[str]] = {}
    for name in sorted(declared):
        owner = symbols.exported.get(name)
        if owner is None or (owner[0] in ("react", "react_channels", "react-forms") and not react):
            continue
        module, type_only = owner
        by_module.setdefault(module, []).append(f"type {name}" if type_only else name)
    return IndexFile(react, needs_realtime(ir), bool(ir.channels), bool(ir.forms), tuple(
        "export { " + ", ".join(names) + f' }} from "./{module}.js";'
        for module, names in sorted(by_module.items())))
