"""Run as a script: configure Django, import the mixin forms, print what their registry
exports (`repr` of the IR's forms, then its enum names)."""

from __future__ import annotations

import django
from django.conf import settings

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])
django.setup()

from forms_mixin import MIXIN  # noqa: E402

ir = MIXIN.export_ir()
print(repr(ir.forms))
print(repr([e.name for e in ir.enums]))
