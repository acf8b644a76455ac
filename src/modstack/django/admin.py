"""The admin frontend's door and the admin API under ``<api prefix>/admin/modstack/``
(:data:`modstack.web.admin_api.ADMIN_ROUTES`, registered in one loop), in Django's
terms. The decisions are :mod:`modstack.web.admin_access`'s and the operations
:mod:`modstack.web.admin_ops`'."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from django.urls.resolvers import RoutePattern
from django.views.decorators.csrf import csrf_exempt

from modstack.django.gate import admin_request, current, request_head
from modstack.web.admin_access import AdminRefusal
from modstack.web.admin_api import ADMIN_ROUTES, AdminRoute
from modstack.web.admin_ops import AdminOperations
from modstack.web.reply import Reply
from modstack.web.signin import admin_page_refusal

if TYPE_CHECKING:
    from modstack.django.adapter import Modstack

View = Callable[..., HttpResponse]


def to_response(reply: Reply) -> HttpResponse:
    """A :class:`~modstack.web.reply.Reply` as a Django response."""
    response = HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
    for name, value in reply.headers.items():
        response[name] = value
    for cookie in reply.cookies:
        if cookie.deleted:
            response.delete_cookie(cookie.name, path="/")
        else:
            response.set_cookie(cookie.name, cookie.value, max_age=cookie.max_age, path="/",
                                secure=cookie.secure, httponly=cookie.http_only,
                                samesite=cookie.same_site.capitalize())  # fmt: skip
    return response


def refusal(stack: Modstack, request: HttpRequest) -> HttpResponse | None:
    """The 401/403/503 answer when the request lacks the admin credential, else None
    (the principal is kept in ``request.principal``)."""
    decision = stack.admin_access.check(admin_request(request))
    if isinstance(decision, AdminRefusal):
        reply = Reply.error(decision.status, decision.code, decision.detail, decision.headers)
        return to_response(reply)
    request.principal = decision
    return None


def page_refusal(stack: Modstack, request: HttpRequest) -> HttpResponse | None:
    """Like :func:`refusal`, for an admin page: without a credential the browser is sent
    to the sign-in form, which brings it back here."""
    decision = stack.admin_access.check(admin_request(request))
    if isinstance(decision, AdminRefusal):
        head = request_head(request)
        reply = admin_page_refusal(decision, head.root_path, head.path, head.query)
        return to_response(reply)
    request.principal = decision
    return None


def _view(routes: dict[str, AdminRoute]) -> View:
    """One path's view: the admin credential (CSRF is the credential's business: a
    bearer token, or a session cookie checked against the request's origin), then the
    route of the request's method (405 for another)."""

    @csrf_exempt
    def view(request: HttpRequest, **path_arguments: str) -> HttpResponse:
        stack = current()
        stack.start()
        route = routes.get(request.method or "GET")
        if route is None:
            allowed = ", ".join(sorted(routes))
            response = to_response(Reply.error(405, "method_not_allowed", f"use {allowed}"))
            response["Allow"] = allowed
            return response
        refused = refusal(stack, request)
        if refused is not None:
            return refused
        body = request.body if route.body_schema else b""
        found = route.reply(AdminOperations(stack.core), path_arguments, request.GET, body)
        return to_response(found if isinstance(found, Reply) else stack.core.call(found))

    view.__doc__ = " / ".join(route.summary for route in routes.values())
    exempt: View = view  # csrf_exempt is untyped
    return exempt


def _patterns() -> list[URLPattern]:
    """One URL pattern per path of :data:`ADMIN_ROUTES` (named ``modstack-admin-<the
    operation of its first route>``)."""
    by_path: dict[str, dict[str, AdminRoute]] = {}
    for route in ADMIN_ROUTES:
        by_path.setdefault(route.path, {})[route.method] = route
    found = []
    for route_path, routes in by_path.items():
        django_path = route_path.lstrip("/").replace("{", "<str:").replace("}", ">")
        name = f"modstack-admin-{next(iter(routes.values())).operation.replace('_', '-')}"
        found.append(path(django_path, _view(routes), name=name))
    return found


PATTERNS = _patterns()
"""The admin API's URL patterns, relative to its prefix."""


@functools.cache
def _mounted(prefix: str) -> list[URLResolver]:
    return [URLResolver(RoutePattern(prefix.strip("/") + "/"), PATTERNS)]


class AdminURLs(URLResolver):
    """The admin API in ``urlpatterns``, at the serving stack's
    ``conventions.admin_api`` (``<MODSTACK_API_PREFIX>/admin/modstack/``)."""

    def __init__(self, current: Callable[[], Modstack]) -> None:
        super().__init__(RoutePattern(""), [], app_name=None, namespace=None)
        self.current = current

    @property
    def url_patterns(self) -> list[URLResolver]:
        """The admin API's patterns under the serving stack's prefix, read live."""
        return _mounted(self.current().conventions.admin_api)
