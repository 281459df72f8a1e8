"""The Django side of forms, in one import (needs Django, configured).

- `MizanFormMixin`, `form_meta`: a hand-written Django form that registers itself;
- `django_form_for(form, enums)`: the `django.forms.Form` class of a form's IR, to
  subclass (`clean_<field>`, `clean`) and register with `add_form(django_form=...)`;
- `form_from_django`: the IR of a Django form class.
"""

from mizan_spec.runtime.forms.django_engine import django_form_for
from mizan_spec.runtime.forms.django_mixin import (
    FormMeta,
    MizanFormMixin,
    form_from_django,
    form_meta,
)

__all__ = ["FormMeta", "MizanFormMixin", "django_form_for", "form_from_django", "form_meta"]
