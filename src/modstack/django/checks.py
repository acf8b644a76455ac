"""``manage.py check`` for modstack's URLs: the admin dashboard and the sign-in form must
be modstack's, not another view's (Django's own admin, included first with
``path("admin/", admin.site.urls)``, takes every path under ``admin/``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.urls import Resolver404, resolve

OWN_PATHS = {"/admin/modstack": "modstack-dashboard", "/admin/signin": "modstack-admin-signin"}
"""modstack's paths a project's other URLs could take, with their URL names."""


def own_urls_reachable(app_configs: Any = None, **kwargs: Any) -> list[CheckWarning]:
    """A warning (``modstack.W001``) for each of :data:`OWN_PATHS` that another view
    answers, or that no URL answers."""
    found = []
    for path, name in OWN_PATHS.items():
        try:
            served = resolve(path).url_name
        except Resolver404:
            served = None
        if served == name:
            continue
        by = f"the view {served!r}" if served else "no URL"
        found.append(CheckWarning(
            f"{path} is answered by {by}, not modstack's {name!r}",
            hint=(f"in {settings.ROOT_URLCONF}, put path(\"\", include(\"modstack.django.urls\")) "
                  "before path(\"admin/\", admin.site.urls) (Django's admin takes every "
                  "admin/ path it is given)"),
            id="modstack.W001",
        ))  # fmt: skip
    return found
