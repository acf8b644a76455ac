"""The admin frontend's door and the admin API under ``<api prefix>/admin/modstack/``
(:data:`modstack.web.admin_api.ADMIN_ROUTES`, registered in one loop).

Like every page and route of the admin frontend it requires the admin credential:
``Authorization: Bearer <MODSTACK_ADMIN_TOKEN>`` or the session cookie the sign-in form
sets (see :mod:`modstack.web.admin_access`). Only development with
``MODSTACK_ADMIN_OPEN=true`` serves it without one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from modstack.fastapi.depends import stack_of
from modstack.fastapi.gate import ModuleRefused
from modstack.web.admin_access import SESSION_COOKIE, AdminRefusal, AdminRequest
from modstack.web.admin_api import ADMIN_ROUTES, AdminRoute
from modstack.web.admin_ops import AdminOperations
from modstack.web.auth import Principal
from modstack.web.reply import Reply
from modstack.web.signin import admin_page_refusal


def admin_request(request: Request) -> AdminRequest:
    """What the admin door reads of ``request``."""
    headers = request.headers
    return AdminRequest(request.method, headers.get("authorization"),
                        request.cookies.get(SESSION_COOKIE), headers.get("origin"),
                        headers.get("sec-fetch-site"), headers.get("host"),
                        request.client.host if request.client else None,
                        request.url.scheme)  # fmt: skip


def admin_decision(request: Request) -> Principal | AdminRefusal:
    """Whether ``request`` may use the admin frontend: its principal, or the refusal."""
    return stack_of(request).admin_access.check(admin_request(request))


def to_response(reply: Reply) -> Response:
    """A :class:`~modstack.web.reply.Reply` as a Starlette response."""
    response = Response(reply.body, reply.status, dict(reply.headers), reply.content_type)
    for cookie in reply.cookies:
        if cookie.deleted:
            response.delete_cookie(cookie.name, path="/")
        else:
            response.set_cookie(cookie.name, cookie.value, max_age=cookie.max_age, path="/",
                                secure=cookie.secure, httponly=cookie.http_only,
                                samesite=cookie.same_site)  # type: ignore[arg-type]  # fmt: skip
    return response


async def require_admin(request: Request) -> None:
    """A FastAPI dependency: refuse (401, 403 or 503, as JSON) unless the request carries
    the admin credential; the principal is kept in ``request.state.principal``."""
    decision = admin_decision(request)
    if isinstance(decision, AdminRefusal):
        reply = Reply.error(decision.status, decision.code, decision.detail, decision.headers)
        raise ModuleRefused(to_response(reply))
    request.state.principal = decision


async def require_admin_page(request: Request) -> None:
    """Like :func:`require_admin`, for pages: without a credential the browser is sent
    to the sign-in form, which brings it back here."""
    decision = admin_decision(request)
    if isinstance(decision, AdminRefusal):
        root, path = request.scope.get("root_path", ""), request.scope["path"]
        reply = admin_page_refusal(decision, root, path, request.url.query)
        raise ModuleRefused(to_response(reply))
    request.state.principal = decision


def require_admin_unless_public(detail: str) -> Callable[[Request], Awaitable[None]]:
    """A dependency that requires the admin credential unless ``detail`` is listed in
    ``MODSTACK_PUBLIC``."""

    async def check(request: Request) -> None:
        if not stack_of(request).settings.is_public(detail):
            await require_admin(request)

    check.__name__ = f"require_admin_unless_public_{detail.replace('-', '_')}"
    return check


def admin_router(prefix: str) -> APIRouter:
    """The admin API at ``prefix``: every route of the table, behind the credential."""
    router = APIRouter(
        prefix=prefix, tags=["modstack admin"], dependencies=[Depends(require_admin)]
    )
    for route in ADMIN_ROUTES:
        router.add_api_route(route.path, _endpoint(route), methods=[route.method],
                             name=route.operation, openapi_extra=route.openapi())  # fmt: skip
    return router


def _endpoint(route: AdminRoute) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        body = await request.body() if route.body_schema else b""
        operations = AdminOperations(stack_of(request).core)
        path, query = request.path_params, request.query_params
        if route.is_async:
            found = route.reply(operations, path, query, body)
        else:  # it may block on the database
            found = await run_in_threadpool(route.reply, operations, path, query, body)
        return to_response(found if isinstance(found, Reply) else await found)

    endpoint.__name__ = route.operation
    endpoint.__doc__ = route.summary
    return endpoint
