"""Django's error answers for browsers: a 404 (and the gate's refusals, see
:func:`modstack.django.gate.refuse`) is ``modstack/error.html`` for a request that wants
a page (:func:`modstack.web.errors.wants_page`), unless the project's root URLconf
names its own ``handler404`` (or ``DEBUG`` is on: Django's technical page); anyone else
gets Django's usual answer. A database outage met by a view answers 503
``store_unavailable``, as on FastAPI and Flask."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import get_resolver, get_urlconf

from modstack.django.gate import refuse, render, to_response
from modstack.web.errors import is_store_outage, outage_reply, page_reply, wants_page
from modstack.web.http_refusals import method_not_allowed
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
    page = page_reply(Refusal.not_found(), render)
    return to_response(page) if page is not None else None


def outage_answer(request: HttpRequest, error: Exception) -> HttpResponse | None:
    """503 ``store_unavailable`` for a database outage a view met (logged in one line,
    no traceback); None for any other exception."""
    if not is_store_outage(error):
        return None
    return to_response(outage_reply(request.method or "GET", request.path, error))


def not_allowed_answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Django's own 405 (``require_http_methods``, a class-based view: an empty
    ``HttpResponseNotAllowed``) as modstack's ``method_not_allowed`` refusal, its
    ``Allow`` kept; a 405 a view wrote itself (with a body) is left as it is."""
    if not isinstance(response, HttpResponseNotAllowed) or response.content:
        return response
    return refuse(request, method_not_allowed(response.get("Allow", "").split(",")))
