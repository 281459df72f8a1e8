"""The notebook's ORM model (the API's pydantic models are in `api/models.py`)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import models


class Note(models.Model):
    """One note of one user. (The fields are annotated for mypy --strict, which checks
    this example without the django-stubs plugin.)"""

    owner: models.ForeignKey[User, User] = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notes")
    title: models.CharField[str, str] = models.CharField(max_length=200)
    body: models.TextField[str, str] = models.TextField(max_length=5000, blank=True, default="")
    done: models.BooleanField[bool, bool] = models.BooleanField(default=False)
    created: models.DateTimeField[datetime, datetime] = models.DateTimeField(auto_now_add=True)
