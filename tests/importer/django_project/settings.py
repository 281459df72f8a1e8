"""A minimal Django project serving the library's decorator-first registry, for
`mizan-spec import --django-settings`."""

SECRET_KEY = "mizan-import-test-only"
ROOT_URLCONF = "django_project.urls"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth",
                  "django.contrib.sessions"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
