"""`manage.py export_mizan_ir [-o FILE] [--hash]`: the IR this project serves.

The same bytes `mizan-spec ir` gives for the spec the API implements (or that a
decorator-first app's registry exports): feed it to `mizan-spec gen typescript`,
`mizan-spec import` or `mizan-spec breaking`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mizan_spec.django.served import served_ir_text


class Command(BaseCommand):
    help = "Print (or write with -o) the canonical Mizan IR this project serves."
    requires_system_checks = ()  # an IR is exported even while checks warn

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", help="write the IR to this file")
        parser.add_argument("--hash", action="store_true",
                            help="print the IR's SHA-256 (the ir_hash of session/)")

    def handle(self, *args: Any, **options: Any) -> None:
        text = served_ir_text()
        if options["hash"]:
            self.stdout.write(hashlib.sha256(text.encode("utf-8")).hexdigest())
            return
        if options["output"]:
            target = Path(options["output"])
            try:
                target.write_text(text, encoding="utf-8")
            except OSError as e:
                raise CommandError(f"cannot write {target}: {e.strerror or e}") from None
            return
        self.stdout.write(text, ending="")
