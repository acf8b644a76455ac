"""The admin frontend's door and the admin API under ``<api prefix>/admin/modstack/``
(:data:`modstack.web.admin_api.ADMIN_ROUTES`, registered in one loop), in Flask's terms.
The decisions are :mod:`modstack.web.admin_access`'s and the operations
:mod:`modstack.web.admin_ops`'."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Blueprint, Response, g, request

from modstack.flask.gate import admin_request, extension
from modstack.web.admin_access import AdminRefusal
from modstack.web.admin_api import ADMIN_ROUTES, AdminRoute
from modstack.web.admin_ops import AdminOperations
from modstack.web.reply import Reply
from modstack.web.signin import admin_page_refusal

if TYPE_CHECKING:
    from modstack.flask.extension import Modstack


def to_response(reply: Reply) -> Response:
    """A :class:`~modstack.web.reply.Reply` as a Flask response."""
    response = Response(
        reply.body, reply.status, dict(reply.headers), content_type=reply.content_type
    )
    for cookie in reply.cookies:
        if cookie.deleted:
            response.delete_cookie(cookie.name, path="/")
        else:
            response.set_cookie(cookie.name, cookie.value, max_age=cookie.max_age, path="/",
                                secure=cookie.secure, httponly=cookie.http_only,
                                samesite=cookie.same_site.capitalize())  # fmt: skip
    return response


def refusal(stack: Modstack) -> Response | None:
    """The 401/403/503 answer when the request lacks the admin credential, else None
    (the principal is kept in ``g.principal``)."""
    decision = stack.admin_access.check(admin_request())
    if isinstance(decision, AdminRefusal):
        reply = Reply.error(decision.status, decision.code, decision.detail, decision.headers)
        return to_response(reply)
    g.principal = decision
    return None


def page_refusal(stack: Modstack) -> Response | None:
    """Like :func:`refusal`, for an admin page: without a credential the browser is sent
    to the sign-in form, which brings it back here."""
    decision = stack.admin_access.check(admin_request())
    if isinstance(decision, AdminRefusal):
        query = request.query_string.decode("latin-1")
        return to_response(admin_page_refusal(decision, request.root_path, request.path, query))
    g.principal = decision
    return None


blueprint = Blueprint("modstack_admin", __name__)
"""Registered at the app's ``conventions.admin_api`` (``/api/v1/admin/modstack``)."""


@blueprint.before_request
def _require_admin() -> Response | None:
    return refusal(extension())


def _view(route: AdminRoute) -> Callable[..., Response]:
    def view(**path: str) -> Response:
        stack = extension()
        body = request.get_data(cache=False) if route.body_schema else b""
        found = route.reply(AdminOperations(stack.core), path, request.args, body)
        return to_response(found if isinstance(found, Reply) else stack.core.call(found))

    view.__doc__ = route.summary
    return view


for _route in ADMIN_ROUTES:
    _rule = _route.path.replace("{", "<").replace("}", ">")
    blueprint.add_url_rule(_rule, _route.operation, _view(_route), methods=[_route.method])
