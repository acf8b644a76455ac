"""The admin frontend's door for module admin views and pages, in Flask's terms (the
admin API itself is one of :mod:`modstack.flask.endpoints`); the decisions are
:mod:`modstack.web.admin_access`'s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response, g, request

from modstack.flask.gate import admin_request, to_response
from modstack.web.admin_access import AdminRefusal
from modstack.web.reply import Reply
from modstack.web.signin import admin_page_refusal

if TYPE_CHECKING:
    from modstack.flask.extension import Modstack


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
