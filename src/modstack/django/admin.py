"""The admin frontend's door for module admin views and pages, in Django's terms (the
admin API itself is one of :mod:`modstack.django.endpoints`); the decisions are
:mod:`modstack.web.admin_access`'s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse

from modstack.django.gate import admin_request, request_head, to_response
from modstack.web.admin_access import AdminRefusal
from modstack.web.reply import Reply
from modstack.web.signin import admin_page_refusal

if TYPE_CHECKING:
    from modstack.django.adapter import Modstack


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
