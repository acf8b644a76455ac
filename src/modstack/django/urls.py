"""modstack's URLs: ``path("", include("modstack.django.urls"))`` in the project's
``urls.py``. Health, status, metrics, the admin API (at ``<MODSTACK_API_PREFIX>/admin/
modstack/``), the admin sign-in form, the modules' static files, and every module's own
URLs (gated per tenant, swapped by a reload), and the admin dashboard (``admin/modstack``)."""

from __future__ import annotations

from django.urls import path

from modstack.django import views
from modstack.django.endpoints import (
    DASHBOARD_PATTERNS,
    OPERATION_PATTERNS,
    SIGNIN_PATTERNS,
    AdminURLs,
)
from modstack.django.gate import current
from modstack.django.routing import ModuleURLs

urlpatterns = [
    ModuleURLs(current, api=True),  # module APIs first: the hot path
    *OPERATION_PATTERNS,
    path("static/modules/<str:code>/<path:path>", views.module_static, name="modstack-static"),
    AdminURLs(current),
    *SIGNIN_PATTERNS,
    *DASHBOARD_PATTERNS,
    ModuleURLs(current, api=False),  # pages after modstack's own URLs
]
