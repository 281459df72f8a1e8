"""Run as a script: render the Django form built from the spec's `contact` (unbound, as a
template would show it) and print its HTML."""

from __future__ import annotations

import django
from django.conf import settings

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])
django.setup()

from forms_testapp import CONTACT, TOPIC  # noqa: E402

from mizan_spec.runtime.forms.django import django_form_for  # noqa: E402

print(django_form_for(CONTACT, [TOPIC])().as_div())
