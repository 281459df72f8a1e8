"""Run as a script: render the Django form built from the spec's `contact` (unbound, as a
template would show it), then the errors Django's own `is_valid()` finds in posted
data, as JSON, on the line after `--errors--`."""

from __future__ import annotations

import django
from django.conf import settings

settings.configure(SECRET_KEY="x", INSTALLED_APPS=[])
django.setup()

from forms_testapp import CONTACT, TOPIC  # noqa: E402

from mizan_spec.runtime.forms.django import django_form_for  # noqa: E402

ContactForm = django_form_for(CONTACT, [TOPIC])
print(ContactForm().as_div())
posted = ContactForm(data={"name": "A", "email": "ada@example", "message": "hi",
                           "topic": "bogus", "age": "12", "website": "example.com"})
assert not posted.is_valid()
print("--errors--")
print(posted.errors.as_json())
