from django.urls import include, path
from library.decorator_app import registry

from mizan_spec.runtime.django_adapter import mizan_urls

urlpatterns = [path("api/mizan/", include(mizan_urls(registry)))]
