"""Error answers in Starlette's terms (the decisions are :mod:`modstack.web.errors`'):
a refusal as JSON or as ``modstack/error.html`` for a browser, a denied WebSocket
handshake, a browser's 404 page, a module's uncaught ``ModuleError`` and a database
outage (503 ``store_unavailable``, logged, no traceback)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.exception_handlers import http_exception_handler
from starlette._utils import get_route_path
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from modstack.errors import ModuleError
from modstack.web.admin_access import SESSION_COOKIE, AdminRequest
from modstack.web.errors import (
    ERROR_TEMPLATE,
    OUTAGES,
    database_unavailable,
    is_store_outage,
    json_body,
    log_outage,
    module_error_refusal,
    page_context,
    wants_page,
)
from modstack.web.refusals import Refusal
from modstack.web.reply import PAGE_HEADERS

if TYPE_CHECKING:
    from modstack.fastapi.stack import Modstack

logger = logging.getLogger("modstack")

WEBSOCKET_DENIAL = "websocket.http.response"
POLICY_VIOLATION = 1008


def is_browser_request(stack: Modstack, scope: Scope) -> bool:
    """True for a request that wants a page (see :func:`modstack.web.errors.wants_page`)."""
    accept = Headers(scope=scope).get("accept", "")
    return wants_page(get_route_path(scope), accept, stack.conventions.prefix)


def answer(stack: Modstack, scope: Scope, receive: Receive, refusal: Refusal) -> Response:
    """The response for ``refusal``: an HTML page for a browser, else the JSON body."""
    if scope["type"] == "http" and is_browser_request(stack, scope):
        page = error_page(stack, Request(scope, receive), refusal)
        if page is not None:
            return page
    request = HTTPConnection(scope)
    client = request.client.host if request.client else None
    asker = AdminRequest(str(scope.get("method", "GET")), request.headers.get("authorization"),
                         request.cookies.get(SESSION_COOKIE), client=client)  # fmt: skip
    body = json_body(refusal, stack.admin_access, asker)
    return JSONResponse(body, status_code=refusal.status, headers=dict(refusal.headers))


def error_page(stack: Modstack, request: Request, refusal: Refusal) -> Response | None:
    """``modstack/error.html`` rendered for ``refusal``; None (and a log line) when the
    template itself fails, so the client still gets the JSON answer."""
    try:
        return stack.templates.TemplateResponse(
            request, ERROR_TEMPLATE, page_context(refusal), status_code=refusal.status,
            headers={**PAGE_HEADERS, **refusal.headers},
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
    if isinstance(error, HTTPException) and is_browser_request(stack, request.scope):
        page = error_page(stack, request, Refusal.not_found(str(error.detail)))
        if page is not None:
            return page
    handler = request.app.exception_handlers.get(HTTPException, http_exception_handler)
    answered: Response = await handler(request, error)
    return answered


async def answer_module_error(request: Request, error: Exception) -> Response:
    """Exception handler: a module's ``ModuleError`` answers ``error.status`` with
    ``error.as_data()`` (or the error page showing its detail, for a browser)."""
    if not isinstance(error, ModuleError):  # registered for ModuleError only
        raise error
    refusal = module_error_refusal(error)
    return answer(request.app.state.modstack, request.scope, request.receive, refusal)


async def answer_store_outage(request: Request, error: Exception) -> Response:
    """Exception handler: 503 for an outage; anything else is raised again (a 500)."""
    if not is_store_outage(error):
        raise error
    log_outage(request.method, request.url.path, error)
    refusal = database_unavailable()
    return JSONResponse(refusal.body, status_code=503, headers=dict(refusal.headers))


def answer_errors(app: FastAPI) -> None:
    """Add the handlers: a browser's 404 page (unless the app has its own), a module's
    ``ModuleError``, database outages."""
    if 404 not in app.exception_handlers:
        app.add_exception_handler(404, answer_not_found)
    app.add_exception_handler(ModuleError, answer_module_error)
    for kind in OUTAGES:
        app.add_exception_handler(kind, answer_store_outage)
