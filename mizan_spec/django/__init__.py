"""The Django app of mizan-spec: `INSTALLED_APPS += ["mizan_spec.django"]`.

Installed, it makes the generated `urls(impl)` report an implementation that does not
match the spec through Django's system check framework (`checks.py`) instead of raising
at URLconf import, and it adds the management commands `export_mizan_ir` and
`check_mizan_ir`. `testing.py` calls the API from Django tests with the generated client.
"""
