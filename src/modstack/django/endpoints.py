"""modstack's own endpoints (:data:`modstack.web.endpoints.ENDPOINTS`: health, status,
metrics, the admin API, the sign-in form) in Django's terms: one view per path (405 for
a method it does not answer), its URL patterns made in one loop; a request becomes an
:class:`~modstack.web.endpoints.EndpointRequest` and the
:class:`~modstack.web.reply.Reply` a Django response.

The views are ``csrf_exempt``: the admin credential is modstack's own (a bearer token,
or a session cookie checked against the request's origin) and so is the sign-in form's
CSRF token, so a project's ``CsrfViewMiddleware`` neither refuses them for lack of
Django's token nor lets one stand in for modstack's. Bodies are read here (never by
Django's form parser), no bigger than the endpoint allows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from django.urls.resolvers import RoutePattern
from django.views.decorators.csrf import csrf_exempt

from modstack.dashboard import PAGES
from modstack.django.gate import admin_request, current, refuse, request_head, to_response
from modstack.web.endpoints import (
    ADMIN_API,
    OPERATIONS,
    SIGNIN_FORMS,
    Endpoint,
    EndpointRequest,
    answer_sync,
    by_path,
    for_method,
    method_not_allowed,
)

if TYPE_CHECKING:
    from modstack.django.adapter import Modstack

View = Callable[..., HttpResponse]


def _view(endpoints: dict[str, Endpoint]) -> View:
    """One path's view: the endpoint of the request's method (405 for another)."""

    @csrf_exempt
    def view(request: HttpRequest, **path_arguments: str) -> HttpResponse:
        stack = current()
        stack.start()
        endpoint = for_method(endpoints, request.method or "GET")
        if endpoint is None:
            return refuse(request, method_not_allowed(endpoints))

        def complete() -> EndpointRequest:
            content_type = request.META.get("CONTENT_TYPE")
            cap = endpoint.body_cap(content_type)
            body = request.body if cap is None else request.read(cap) if cap else b""
            return EndpointRequest(admin, path_arguments, _pairs(request), request.COOKIES,
                                   request_head(request).root_path, body,
                                   content_type)  # fmt: skip

        admin = admin_request(request)
        return to_response(answer_sync(stack, endpoint, admin, complete))

    view.__doc__ = " / ".join(endpoint.summary for endpoint in endpoints.values())
    exempt: View = view  # csrf_exempt is untyped
    return exempt


def _pairs(request: HttpRequest) -> tuple[tuple[str, str], ...]:
    return tuple((name, value) for name, values in request.GET.lists() for value in values)


def patterns(endpoints: tuple[Endpoint, ...], name: Callable[[str, str], str]) -> list[URLPattern]:
    """One URL pattern per path of ``endpoints``, named ``name(path, the name of its
    first endpoint)``."""
    found = []
    for route_path, by_method in by_path(endpoints).items():
        django_path = route_path.lstrip("/").replace("{", "<str:").replace("}", ">")
        first = next(iter(by_method.values())).name
        found.append(path(django_path, _view(by_method), name=name(route_path, first)))
    return found


OPERATION_PATTERNS = patterns(
    OPERATIONS, lambda _, first: "modstack-" + first.removeprefix("modules_").replace("_", "-")
)
"""``health``, ``modules/status``, ``modules/<code>/health``, ``metrics`` (named
``modstack-health``, ``modstack-status``, ``modstack-module-health``, ``modstack-metrics``)."""

SIGNIN_PATTERNS = patterns(
    SIGNIN_FORMS, lambda route, _: "modstack-" + route.strip("/").replace("/", "-")
)
"""``admin/signin`` (GET, POST) and ``admin/signout`` (POST), named
``modstack-admin-signin`` and ``modstack-admin-signout``."""

DASHBOARD_PATTERNS = patterns(PAGES, lambda _, first: "modstack-" + first.replace("_", "-"))
"""The dashboard (``admin/modstack`` ...), named ``modstack-dashboard``,
``modstack-dashboard-tenant`` and ``modstack-dashboard-change``."""

ADMIN_PATTERNS = patterns(ADMIN_API, lambda _, first: "modstack-admin-" + first.replace("_", "-"))
"""The admin API's URL patterns, relative to its prefix (``modstack-admin-<operation>``)."""


@functools.cache
def _mounted(prefix: str) -> list[URLResolver]:
    return [URLResolver(RoutePattern(prefix.strip("/") + "/"), ADMIN_PATTERNS)]


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
