"""The admin frontend's door for module admin routes and pages, as FastAPI dependencies
(the admin API itself is one of :mod:`modstack.fastapi.endpoints`).

It requires the admin credential: ``Authorization: Bearer <MODSTACK_ADMIN_TOKEN>`` or
the session cookie the sign-in form sets (see :mod:`modstack.web.admin_access`). Only
development with ``MODSTACK_ADMIN_OPEN=true`` serves it without one.
"""

from __future__ import annotations

from fastapi import Request

from modstack.fastapi.depends import stack_of
from modstack.fastapi.endpoints import admin_request, to_response
from modstack.fastapi.gate import ModuleRefused
from modstack.web.admin_access import AdminRefusal
from modstack.web.auth import Principal
from modstack.web.reply import Reply
from modstack.web.signin import admin_page_refusal


async def admin_decision(request: Request) -> Principal | AdminRefusal:
    """Whether ``request`` may use the admin frontend: its principal, or the refusal
    (checked off the event loop when the throttle counts in Redis)."""
    return await stack_of(request).admin_access.check_async(admin_request(request))


async def require_admin(request: Request) -> None:
    """A FastAPI dependency: refuse (401, 403 or 503, as JSON) unless the request carries
    the admin credential; the principal is kept in ``request.state.principal``."""
    decision = await admin_decision(request)
    if isinstance(decision, AdminRefusal):
        reply = Reply.error(decision.status, decision.code, decision.detail, decision.headers)
        raise ModuleRefused(to_response(reply))
    request.state.principal = decision


async def require_admin_page(request: Request) -> None:
    """Like :func:`require_admin`, for pages: without a credential the browser is sent
    to the sign-in form, which brings it back here."""
    decision = await admin_decision(request)
    if isinstance(decision, AdminRefusal):
        root, path = request.scope.get("root_path", ""), request.scope["path"]
        reply = admin_page_refusal(decision, root, path, request.url.query)
        raise ModuleRefused(to_response(reply))
    request.state.principal = decision
