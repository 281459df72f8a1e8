"""The forms example: a contact form and a sign-up form declared in one spec, served by
FastAPI (pydantic) and Django (the generated `django.forms.Form` classes)."""
