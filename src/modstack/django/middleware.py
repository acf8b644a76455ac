"""``ModstackMiddleware``: starts the stack on the first request of each process, finds
the request's tenant (``request.tenant``) and answers a module's uncaught
``ModuleError``. Module URLs are gated where they resolve (``modstack.django.urls``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, set_script_prefix

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
        before = get_script_prefix()
        _route_the_rest(request, stack.resolver)
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(before)  # this thread's next request starts clean

    def process_exception(self, request: HttpRequest, error: Exception) -> HttpResponse | None:
        """A ``ModuleError`` answers with its status and ``as_data()`` (the error page
        for a browser); any other exception is Django's."""
        if isinstance(error, ModuleError):
            return answer_module_error(request, error)
        return None


def _route_the_rest(request: HttpRequest, resolver: Any) -> None:
    """``PathPrefixTenant``: ``/t/acme/api/...`` routes ``/api/...``, and ``/t/acme``
    joins the script prefix, so ``reverse()`` keeps the tenant in the links it builds."""
    splitter = resolver if isinstance(resolver, PathPrefixTenant) else None
    if splitter is None and isinstance(getattr(resolver, "inner", None), PathPrefixTenant):
        splitter = resolver.inner
    found = splitter.split(request.path_info) if splitter is not None else None
    if splitter is None or found is None:
        return
    tenant, rest = found
    root = request.path[: len(request.path) - len(request.path_info)]
    request.path_info = rest
    set_script_prefix(f"{root}{splitter.prefix}{tenant}/")
