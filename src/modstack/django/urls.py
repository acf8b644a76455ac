"""modstack's URLs: ``path("", include("modstack.django.urls"))`` in the project's
``urls.py``. Health, status, metrics, the admin API (at ``<MODSTACK_API_PREFIX>/admin/
modstack/``), the admin sign-in form, the modules' static files, and every module's own
URLs (gated per tenant, swapped by a reload)."""

from __future__ import annotations

from django.urls import path

from modstack.django import signin, views
from modstack.django.admin import AdminURLs
from modstack.django.gate import current
from modstack.django.routing import ModuleURLs

urlpatterns = [
    ModuleURLs(current, api=True),  # module APIs first: the hot path
    path("health", views.health, name="modstack-health"),
    path("modules/status", views.modules_status, name="modstack-status"),
    path("modules/<str:code>/health", views.module_health, name="modstack-module-health"),
    path("metrics", views.metrics, name="modstack-metrics"),
    path("static/modules/<str:code>/<path:path>", views.module_static, name="modstack-static"),
    AdminURLs(current),
    *signin.PATTERNS,
    ModuleURLs(current, api=False),  # pages after modstack's own URLs
]
