"""Run as a script: configure Django, then print as JSON what reading and registering
decorator-first forms again gives: `read_again` (form_from_django of every mixin form,
after registration, equals what its registry exports), `reloaded_ir_same` (importing
forms_reimported again leaves its registry's IR as it was), `forms` (the registry's form
names after that), `serves_new_class` (the class defined last is the one that judges)
and `other_class` (the error for a different class under a registered form name)."""

from __future__ import annotations

import importlib
import json

import django
from django.conf import settings

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])
django.setup()

import forms_mixin  # noqa: E402
import forms_reimported  # noqa: E402
from django import forms  # noqa: E402
from forms_shared_registry import SHARED  # noqa: E402

from mizan_spec.runtime.forms.django import MizanFormMixin, form_meta  # noqa: E402
from mizan_spec.runtime.forms.django_mixin import form_from_django  # noqa: E402
from mizan_spec.runtime.typemap import RegistrationError  # noqa: E402

exported = {f.name: f for f in forms_mixin.MIXIN.export_ir().forms}
read_again = {}
for cls in vars(forms_mixin).values():
    if isinstance(cls, type) and issubclass(cls, forms.Form) and "mizan" in vars(cls):
        first, _ = form_from_django(cls, cls.mizan)
        second, _ = form_from_django(cls, cls.mizan)
        read_again[first.name] = first == second == exported[first.name]

before = SHARED.ir_text()
importlib.reload(forms_reimported)
entry = SHARED.entry("order.submit")
engine = entry.fn.__self__.engine if entry is not None else None  # type: ignore[union-attr]

try:
    class Other(MizanFormMixin, forms.Form):
        mizan = form_meta(name="order", registry=SHARED)
    other = ""
except RegistrationError as e:
    other = str(e)

print(json.dumps({"read_again": read_again, "reloaded_ir_same": SHARED.ir_text() == before,
                  "forms": [f.name for f in SHARED.export_ir().forms],
                  "serves_new_class": engine is not None
                  and engine.form_class is forms_reimported.OrderForm,
                  "other_class": other}))
