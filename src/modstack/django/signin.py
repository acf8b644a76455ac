"""The admin sign-in form (``GET/POST /admin/signin``, ``POST /admin/signout``) in
Django's terms: the flow is :class:`modstack.web.signin.SignIn`'s.

The form body is read here (never by Django's form parser), no bigger than
:data:`~modstack.web.signin.MAX_FORM_BYTES`. The forms carry modstack's own CSRF token
(a signed nonce, checked by :class:`~modstack.web.signin.SignIn`), so the views are
``csrf_exempt``: a project's ``CsrfViewMiddleware`` neither refuses them for lack of
Django's token nor lets one stand in for modstack's."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt

from modstack.django.admin import to_response
from modstack.django.gate import admin_request, current, request_head
from modstack.web.reply import Reply
from modstack.web.signin import MAX_FORM_BYTES, FormRequest, SignIn, is_form, parse_form


def read_form(request: HttpRequest) -> dict[str, str]:
    """The request's urlencoded form, first value per field (empty when it is too big
    or not a form)."""
    content_type = request.META.get("CONTENT_TYPE")
    if request.method != "POST" or not is_form(content_type):
        return {}
    return parse_form(request.read(MAX_FORM_BYTES + 1), content_type)


def form_request(request: HttpRequest) -> FormRequest:
    """What the sign-in forms read of ``request``, the client's address included."""
    head = request_head(request)
    return FormRequest(admin_request(request), read_form(request), request.GET,
                       request.COOKIES, head.root_path, head.scheme,
                       request.META.get("REMOTE_ADDR"))  # fmt: skip


def _view(names: dict[str, str]) -> Callable[[HttpRequest], HttpResponse]:
    """One path's view: the form route of the request's method (405 for another)."""

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        stack = current()
        stack.start()
        name = names.get(request.method or "GET")
        if name is None:
            allowed = ", ".join(sorted(names))
            response = to_response(Reply.error(405, "method_not_allowed", f"use {allowed}"))
            response["Allow"] = allowed
            return response
        return to_response(SignIn(stack.admin_access).answer(name, form_request(request)))

    exempt: Callable[[HttpRequest], HttpResponse] = view  # csrf_exempt is untyped
    return exempt


def _patterns() -> list[URLPattern]:
    by_path: dict[str, dict[str, str]] = {}
    for method, route_path, name in SignIn.ROUTES:
        by_path.setdefault(route_path, {})[method] = name
    return [
        path(
            route_path.lstrip("/"),
            _view(names),
            name=f"modstack-{route_path.strip('/').replace('/', '-')}",
        )
        for route_path, names in by_path.items()
    ]


PATTERNS = _patterns()
"""``admin/signin`` (GET, POST) and ``admin/signout`` (POST)."""
