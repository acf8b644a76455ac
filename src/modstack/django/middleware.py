"""``ModstackMiddleware``: starts the stack on the first request of each process, finds
the request's tenant (``request.tenant``) and answers a module's uncaught
``ModuleError``. Module URLs are gated where they resolve (``modstack.django.urls``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from modstack.django.gate import answer_module_error, current, request_head
from modstack.errors import ModuleError


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
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, error: Exception) -> HttpResponse | None:
        """A ``ModuleError`` answers with its status and ``as_data()`` (the error page
        for a browser); any other exception is Django's."""
        if isinstance(error, ModuleError):
            return answer_module_error(request, error)
        return None
