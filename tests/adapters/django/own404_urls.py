"""A project's root URLconf with its own ``handler404`` (modstack keeps out of it)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import include, path


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseNotFound("the project's own 404")


handler404 = not_found
urlpatterns = [path("", include("modstack.django.urls"))]
