"""A project's root URLconf that gives every ``admin/`` path to another view first, as
``path("admin/", admin.site.urls)`` does when listed before modstack's URLs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def django_admin(request: HttpRequest, rest: str) -> HttpResponse:
    return HttpResponse("Django's admin")


urlpatterns = [
    path("admin/<path:rest>", django_admin, name="django-admin"),
    path("", include("modstack.django.urls")),
]
