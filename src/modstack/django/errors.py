"""Django's error answers for browsers: a 404 (and the gate's refusals, see
:func:`modstack.django.gate.refuse`) is ``modstack/error.html`` for a request that wants
a page (:func:`modstack.web.errors.wants_page`), unless the project's root URLconf
names its own ``handler404`` (or ``DEBUG`` is on: Django's technical page); anyone else
gets Django's usual answer."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_resolver, get_urlconf

from modstack.django.gate import error_page
from modstack.web.errors import wants_page
from modstack.web.refusals import Refusal


def has_own_handler404() -> bool:
    """Whether the root URLconf of this request names a ``handler404``."""
    module = get_resolver(get_urlconf()).urlconf_module
    return getattr(module, "handler404", None) is not None


def not_found_page(request: HttpRequest, api_prefix: str) -> HttpResponse | None:
    """The error page for a browser's 404, or None to keep Django's answer."""
    if django_settings.DEBUG or has_own_handler404():
        return None
    if not wants_page(request.path_info, request.headers.get("Accept", ""), api_prefix):
        return None
    return error_page(Refusal.not_found())
