"""`manage.py check_mizan_ir SPEC...|IR`: does this project serve exactly that spec?

For CI: exit 0 when the IR the URLconf serves is, byte for byte, the IR of the given
spec files and directories (or `*.ir.kdl` file); otherwise exit 1 with a diff (what the
spec says, then what the project serves), or the spec's diagnostics.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mizan_spec.django.served import served_ir_text

_DIFF_LINES = 80


def _spec_ir_text(paths: list[Path]) -> str:
    from mizan_spec.compile import compile_spec
    from mizan_spec.diagnostics.render import render_text
    from mizan_spec.ir.emit import emit_ir
    from mizan_spec.ir.load import IRError, load_ir

    if len(paths) == 1 and paths[0].name.endswith(".ir.kdl") and paths[0].is_file():
        try:
            return emit_ir(load_ir(paths[0].read_text(encoding="utf-8")))
        except (IRError, UnicodeDecodeError) as e:
            raise CommandError(f"{paths[0]}: not a valid Mizan IR file: {e}") from None
    for p in paths:
        if not p.exists():
            raise CommandError(f"{p}: no such file or directory")
    result = compile_spec(paths)
    if result.ir is None:
        raise CommandError("the spec has errors:\n" +
                           render_text(result.errors, result.sources).rstrip())
    return emit_ir(result.ir)


class Command(BaseCommand):
    help = "Exit 1 unless this project serves exactly the IR of the given spec (or IR file)."
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="spec files and directories, or an IR file")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = _spec_ir_text([Path(p) for p in options["paths"]])
        served = served_ir_text()
        if served == wanted:
            self.stdout.write("the served IR matches the spec")
            return
        diff = list(difflib.unified_diff(wanted.splitlines(), served.splitlines(),
                                         "spec", "served", lineterm=""))
        shown = diff[:_DIFF_LINES]
        if len(diff) > _DIFF_LINES:
            shown.append(f"... ({len(diff) - _DIFF_LINES} more lines)")
        raise CommandError("the served IR differs from the spec's:\n" + "\n".join(shown))
