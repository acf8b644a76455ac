"""The answers the gate gives instead of running a module's handler: the JSON body for
API clients, an HTML page (``modstack/error.html``) for a browser, a denied handshake
for a WebSocket."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi.exception_handlers import http_exception_handler
from starlette._utils import get_route_path
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from modstack.web.admin_access import SESSION_COOKIE, AdminAccess, AdminRequest
from modstack.web.auth import Principal
from modstack.web.refusals import Refusal, prefers_html, public_body

if TYPE_CHECKING:
    from modstack.fastapi.stack import Modstack

logger = logging.getLogger("modstack")

ERROR_TEMPLATE = "modstack/error.html"
"""The error page a browser gets; an app overrides it with its own template of this name."""
API_PREFIX = "/api/"
WEBSOCKET_DENIAL = "websocket.http.response"
POLICY_VIOLATION = 1008


def is_browser_request(scope: Scope) -> bool:
    """True for a request that wants a page: ``Accept`` prefers HTML, and the path is
    not under ``/api/`` (API clients always get JSON)."""
    if get_route_path(scope).startswith(API_PREFIX):
        return False
    return prefers_html(Headers(scope=scope).get("accept", ""))


def answer(stack: Modstack, scope: Scope, receive: Receive, refusal: Refusal) -> Response:
    """The response for ``refusal``: an HTML page for a browser, else the JSON body."""
    if scope["type"] == "http" and is_browser_request(scope):
        page = error_page(stack, Request(scope, receive), refusal)
        if page is not None:
            return page
    body = _for_whom(stack, HTTPConnection(scope), refusal.body)
    return JSONResponse(body, status_code=refusal.status, headers=dict(refusal.headers))


def _for_whom(
    stack: Modstack, request: HTTPConnection, body: dict[str, object]
) -> dict[str, object]:
    if "reason" not in body:
        return body
    decided = AdminAccess(stack.settings).check(
        AdminRequest(
            method=str(request.scope.get("method", "GET")),
            authorization=request.headers.get("authorization"),
            session_cookie=request.cookies.get(SESSION_COOKIE),
        )
    )
    return public_body(body, operator=isinstance(decided, Principal))


def error_page(stack: Modstack, request: Request, refusal: Refusal) -> Response | None:
    """``modstack/error.html`` rendered for ``refusal``; None (and a log line) when the
    template itself fails, so the client still gets the JSON answer."""
    error = {"status": refusal.status, "code": refusal.code, "title": refusal.title,
             "message": refusal.message}  # fmt: skip
    try:
        return stack.templates.TemplateResponse(
            request, ERROR_TEMPLATE, {"error": error}, status_code=refusal.status,
            headers=dict(refusal.headers),
        )  # fmt: skip
    except Exception:
        logger.exception("the error page %s failed to render", ERROR_TEMPLATE)
        return None


async def refuse(
    stack: Modstack, scope: Scope, receive: Receive, send: Send, refusal: Refusal
) -> None:
    """Send ``refusal`` instead of running the handler (HTTP or WebSocket)."""
    if scope["type"] == "websocket" and WEBSOCKET_DENIAL not in scope.get("extensions", {}):
        # Closing before accepting is a 403 at the handshake on every ASGI server.
        await send({"type": "websocket.close", "code": POLICY_VIOLATION, "reason": refusal.code})
        return
    await answer(stack, scope, receive, refusal)(scope, receive, send)


async def answer_not_found(request: Request, error: Exception) -> Response:
    """Exception handler for 404s: a browser gets the error page, anyone else the app's
    usual answer (FastAPI's JSON unless the app changed it)."""
    stack: Modstack = request.app.state.modstack
    if isinstance(error, HTTPException) and is_browser_request(request.scope):
        page = error_page(stack, request, Refusal.not_found(str(error.detail)))
        if page is not None:
            return page
    handler = request.app.exception_handlers.get(HTTPException, http_exception_handler)
    answered: Response = await handler(request, error)
    return answered
