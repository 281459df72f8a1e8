"""Run as a script: configure Django, import the mixin forms, print what their registry
exports as JSON: `forms` (the `repr` of each IR form by name), `enums` (names) and
`ir` (the canonical IR text)."""

from __future__ import annotations

import json

import django
from django.conf import settings

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])
django.setup()

from forms_mixin import MIXIN  # noqa: E402

ir = MIXIN.export_ir()
print(json.dumps({"forms": {f.name: repr(f) for f in ir.forms},
                  "enums": [e.name for e in ir.enums], "ir": MIXIN.ir_text()}))
