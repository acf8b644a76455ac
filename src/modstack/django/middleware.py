"""``ModstackMiddleware``: starts the stack on the first request of each process, finds
the request's tenant (``request.tenant``), holds the body to the limit
(:mod:`modstack.django.limits`: 413), answers a module's uncaught ``ModuleError``, a
database outage (503) and a browser's 404 with the error page
(:mod:`modstack.django.errors`). Module URLs are gated where they resolve
(``modstack.django.urls``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_script_prefix, set_script_prefix

from modstack.django import limits
from modstack.django.errors import not_allowed_answer, not_found_page, outage_answer
from modstack.django.gate import answer_module_error, current, request_head
from modstack.errors import ModuleError
from modstack.web.tenants import PathPrefixTenant


class ModstackMiddleware:
    """Add ``"modstack.django.middleware.ModstackMiddleware"`` to ``MIDDLEWARE``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        stack = current()
        stack.start()
        head = request_head(request)
        request.tenant = stack.resolver.resolve(head)
        actor = stack.actor_resolver(head) if stack.actor_resolver else None
        request.actor = actor
        limit = limits.body_limit(stack.settings)
        refused = limits.guard(request, limit)
        if refused is not None:
            return refused
        before = _route_the_rest(request, stack.resolver)
        try:
            response = self.get_response(request)
        finally:
            if before is not None:
                set_script_prefix(before)  # this thread's next request starts clean
        if getattr(request, limits.TOO_LARGE, False) and limit is not None:
            # whoever read the body, and whatever it answered
            return limits.too_large_for(request, limit)
        if response.status_code == 405:
            return not_allowed_answer(request, response)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return not_found_page(request, stack.conventions.prefix) or response  # no URL
        return response

    def process_exception(self, request: HttpRequest, error: Exception) -> HttpResponse | None:
        """A ``ModuleError`` answers with its status and ``as_data()`` (the error page
        for a browser), a body over the limit 413, a view's ``Http404`` the error page
        for a browser, a database outage 503 ``store_unavailable``; any other exception
        is Django's."""
        if isinstance(error, ModuleError):
            return answer_module_error(request, error)
        if isinstance(error, limits.BodyTooLarge):
            return limits.too_large_for(request, limits.body_limit(current().settings))
        if isinstance(error, Http404):
            return not_found_page(request, current().conventions.prefix)
        return outage_answer(request, error)


def _route_the_rest(request: HttpRequest, resolver: Any) -> str | None:
    """``PathPrefixTenant``: ``/t/acme/api/...`` routes ``/api/...``, and ``/t/acme``
    joins the script prefix, so ``reverse()`` keeps the tenant in the links it builds.
    The script prefix it replaced, None when it changed nothing (the prefix is
    thread-local: reading and setting it costs about a µs each)."""
    splitter = resolver if isinstance(resolver, PathPrefixTenant) else None
    if splitter is None and isinstance(getattr(resolver, "inner", None), PathPrefixTenant):
        splitter = resolver.inner
    found = splitter.split(request.path_info) if splitter is not None else None
    if splitter is None or found is None:
        return None
    tenant, rest = found
    root = request.path[: len(request.path) - len(request.path_info)]
    request.path_info = rest
    before: str = get_script_prefix()
    set_script_prefix(f"{root}{splitter.prefix}{tenant}/")
    return before
