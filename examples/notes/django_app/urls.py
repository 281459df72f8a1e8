"""URLs: the Mizan API under `api/mizan/`, its OpenAPI document at `openapi.json`, and a
JSON sign-in for session auth."""

from __future__ import annotations

import json

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from mizan_spec.django.views import openapi_view

from .api import urls
from .api.impl import Implementation


@csrf_exempt  # kept short for the example; a real site uses Django's LoginView
@require_POST
def sign_in(request: HttpRequest) -> HttpResponse:
    """POST `{"username": ..., "password": ...}`: starts a session (cookie) or 403."""
    try:
        given = json.loads(request.body)
        user = authenticate(request, username=str(given["username"]),
                            password=str(given["password"]))
    except (ValueError, KeyError, TypeError):
        user = None
    if user is None:
        return JsonResponse({"signed_in": False}, status=403)
    login(request, user)
    return JsonResponse({"signed_in": True})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return JsonResponse({"signed_in": False})


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/mizan/", include(urls(Implementation()))),
    path("openapi.json", openapi_view),
    path("accounts/sign-in/", sign_in),
    path("accounts/sign-out/", sign_out),
]
