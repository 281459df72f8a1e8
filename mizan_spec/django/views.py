"""`openapi_view`: the OpenAPI 3.1 document of the Mizan API a Django project serves.

    urlpatterns = [path("api/mizan/", include(urls(Implementation()))),
                   path("openapi.json", openapi_view)]   # where FastAPI serves its own

The document is the one `mizan-spec openapi` writes for the served IR, with the base
path where the URLconf mounts the API (found with `reverse("mizan-call")`).
"""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.urls import get_resolver, get_urlconf, reverse
from django.views.decorators.http import require_safe

from mizan_spec.runtime.django_mounts import mounts_in


@functools.lru_cache(maxsize=8)
def _document(urlconf: str | None) -> tuple[int, bytes]:
    from mizan_spec.openapi.document import openapi_text

    mounts = mounts_in(list(get_resolver(urlconf).url_patterns))
    if len(mounts.registries) != 1:
        return 404, b'{"detail": "the URLconf does not mount exactly one Mizan API"}\n'
    base = reverse("mizan-call", urlconf=urlconf).removesuffix("call/")
    return 200, openapi_text(mounts.registries[0].export_ir(), base=base).encode("utf-8")


@require_safe
def openapi_view(request: HttpRequest) -> HttpResponse:
    """GET: the OpenAPI document (404 when the project mounts no API, or several)."""
    status, body = _document(get_urlconf())
    return HttpResponse(body, status=status, content_type="application/json")
