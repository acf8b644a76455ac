"""modstack's URLs: ``path("", include("modstack.django.urls"))`` in the project's
``urls.py``. Health, status, metrics, the admin API, the modules' static files, and
every module's own URLs (gated per tenant, swapped by a reload)."""

from __future__ import annotations

from django.urls import path

from modstack.django import admin, views
from modstack.django.gate import current
from modstack.django.routing import ModuleURLs

urlpatterns = [
    ModuleURLs(current, api=True),  # module APIs first: the hot path
    path("health", views.health, name="modstack-health"),
    path("modules/status", views.modules_status, name="modstack-status"),
    path("modules/<str:code>/health", views.module_health, name="modstack-module-health"),
    path("metrics", views.metrics, name="modstack-metrics"),
    path("static/modules/<str:code>/<path:path>", views.module_static, name="modstack-static"),
    path(f"{admin.PREFIX}modules", admin.list_modules, name="modstack-admin-modules"),
    path(
        f"{admin.PREFIX}modules/<str:code>/reload",
        admin.reload_module,
        name="modstack-admin-reload",
    ),
    path(f"{admin.PREFIX}services", admin.list_services, name="modstack-admin-services"),
    path(f"{admin.PREFIX}settings", admin.list_settings, name="modstack-admin-settings"),
    path(f"{admin.PREFIX}tenants", admin.list_tenants, name="modstack-admin-tenants"),
    path(
        f"{admin.PREFIX}tenants/<str:tenant>/modules",
        admin.tenant_modules,
        name="modstack-admin-tenant-modules",
    ),
    path(
        f"{admin.PREFIX}tenants/<str:tenant>/modules/<str:code>/<str:action>",
        admin.change_module,
        name="modstack-admin-change-module",
    ),
    path(f"{admin.PREFIX}audit", admin.audit, name="modstack-admin-audit"),
    ModuleURLs(current, api=False),  # pages after modstack's own URLs
]
