"""Error answers in Starlette's terms (the decisions are :mod:`modstack.web.errors`'):
a refusal as JSON or as ``modstack/error.html`` for a browser, a denied WebSocket
handshake, a browser's 404 page, a module's uncaught ``ModuleError`` and a database
outage (503 ``store_unavailable``, logged, no traceback)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.exception_handlers import http_exception_handler
from starlette._utils import get_route_path
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from modstack.errors import ModuleError
from modstack.fastapi.endpoints import admin_request, to_response
from modstack.web.errors import (
    OUTAGES,
    Render,
    is_store_outage,
    module_error_refusal,
    outage_reply,
    page_reply,
    refusal_reply,
    wants_page,
)
from modstack.web.refusals import Refusal

if TYPE_CHECKING:
    from modstack.fastapi.stack import Modstack

WEBSOCKET_DENIAL = "websocket.http.response"
POLICY_VIOLATION = 1008


def is_browser_request(stack: Modstack, scope: Scope) -> bool:
    """True for a request that wants a page (see :func:`modstack.web.errors.wants_page`)."""
    accept = Headers(scope=scope).get("accept", "")
    return wants_page(get_route_path(scope), accept, stack.conventions.prefix)


def renderer(stack: Modstack, request: HTTPConnection) -> Render:
    """Renders with the app's Jinja environment, ``request`` in the context (as
    Starlette's ``TemplateResponse`` does: ``url_for`` works in an app's own page)."""

    def render(name: str, context: dict[str, Any]) -> str:
        return stack.environment.get_template(name).render({**context, "request": request})

    return render


def answer(stack: Modstack, scope: Scope, receive: Receive, refusal: Refusal) -> Response:
    """The response for ``refusal``: an HTML page for a browser, else the JSON body."""
    request = Request(scope, receive) if scope["type"] == "http" else HTTPConnection(scope)
    page = scope["type"] == "http" and is_browser_request(stack, scope)
    render, access = renderer(stack, request), stack.admin_access
    reply = refusal_reply(
        refusal, page=page, render=render, access=access, admin=lambda: admin_request(request)
    )
    return to_response(reply)


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
        page = page_reply(Refusal.not_found(str(error.detail)), renderer(stack, request))
        if page is not None:
            return to_response(page)
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
    return to_response(outage_reply(request.method, request.url.path, error))


def answer_errors(app: FastAPI) -> None:
    """Add the handlers: a browser's 404 page (unless the app has its own), a module's
    ``ModuleError``, database outages."""
    if 404 not in app.exception_handlers:
        app.add_exception_handler(404, answer_not_found)
    app.add_exception_handler(ModuleError, answer_module_error)
    for kind in OUTAGES:
        app.add_exception_handler(kind, answer_store_outage)
