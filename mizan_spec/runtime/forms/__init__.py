"""Forms: served as `<name>.schema`, `<name>.validate` and `<name>.submit` (spec/protocol.md §12).

    registry.add_form(form, on_submit=send, returns=Receipt, enums=[Topic])   # pydantic
    registry.add_form(form, on_submit=send, django_form=ContactForm)         # Django

`on_submit(call, data)` receives the cleaned values by field name and returns the
form's `returns` value, or refuses with `raise FormErrors({"email": (code, message)})`.
The Django side (`MizanFormMixin`, `form_meta`, `django_form_for`) is in
`mizan_spec.runtime.forms.django`.
"""

from mizan_spec.runtime.forms.judged import FormErrors
from mizan_spec.runtime.forms.serving import wire_names

__all__ = ["FormErrors", "wire_names"]
