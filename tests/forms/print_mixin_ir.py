"""Run as a script: configure Django, import the mixin forms, print what their registry
exports as JSON: `forms` (the `repr` of each IR form by name), `enums` (names) and
`ir` (the canonical IR text); `spec_ir` is that IR without the form `private` (a
name the spec language refuses): what mixin_forms.mizan.kdl compiles to."""

from __future__ import annotations

import dataclasses
import json

import django
from django.conf import settings

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])
django.setup()

from forms_mixin import MIXIN  # noqa: E402

from mizan_spec.ir.emit import emit_ir  # noqa: E402

ir = MIXIN.export_ir()
spec_ir = dataclasses.replace(ir, forms=tuple(f for f in ir.forms if f.name != "private"))
print(json.dumps({"forms": {f.name: repr(f) for f in ir.forms},
                  "enums": [e.name for e in ir.enums], "ir": MIXIN.ir_text(),
                  "spec_ir": emit_ir(spec_ir)}))
