"""Error answers in Starlette's terms (the decisions are :mod:`modstack.web.errors`'):
a refusal as JSON or as ``modstack/error.html`` for a browser, a denied WebSocket
handshake, a browser's 404 page, a body over the limit (413) and a method a path does not
answer (405) as modstack's refusals (:mod:`modstack.web.http_refusals`), a module's
uncaught ``ModuleError`` and a database outage (503 ``store_unavailable``, logged, no
traceback)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.exception_handlers import http_exception_handler
from starlette._utils import get_route_path
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
from modstack.web.http_refusals import body_too_large, method_not_allowed
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


async def answer_not_allowed(request: Request, error: Exception) -> Response:
    """Exception handler for 405: ``method_not_allowed`` naming the route's methods."""
    headers = (error.headers if isinstance(error, HTTPException) else None) or {}
    methods = {*headers.get("Allow", "").split(","), *_methods_of_path(request)}
    refusal = method_not_allowed(methods)
    return answer(request.app.state.modstack, request.scope, request.receive, refusal)


def _methods_of_path(request: Request) -> set[str]:
    """The methods the app's own routes answer at this path (Starlette's ``Allow``
    names only the first route's: the ``HEAD`` of modstack's ``GET`` endpoints is
    another route)."""
    routes = [route for route in request.app.router.routes if isinstance(route, Route)]
    return {
        method
        for route in routes
        if route.methods and route.matches(request.scope)[0] is Match.PARTIAL
        for method in route.methods
    }


BODYLESS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods whose requests carry no body: their 413s (a ``GET`` sent with a body over the
limit) keep FastAPI's wording."""


class BodyLimitAnswer:
    """ASGI middleware outside FastAPI's body limit (``app.max_body_size``, a route's
    ``max_body_size``): the 413 that limit sends (Starlette's plain text, or FastAPI's
    ``{"detail": ...}``) is replaced by ``body_too_large`` naming the limit. Only a 413
    sent once the body ran past the limit (counted here, or claimed by its
    ``Content-Length``) is replaced: a module's own 413 is left as it is."""

    def __init__(self, app: ASGIApp, fastapi: FastAPI) -> None:
        self.app = app
        self.fastapi = fastapi

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine itself: a GET gets the app's own awaitable, no layer more.
        if scope["type"] != "http" or scope["method"] in BODYLESS:
            return self.app(scope, receive, send)
        return self._watched(scope, receive, send)

    async def _watched(self, scope: Scope, receive: Receive, send: Send) -> None:
        claimed = _content_length(scope)
        received = 0
        replaced = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
            return message

        async def answering(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return  # the body of the answer replaced
            if message["type"] == "http.response.start" and message["status"] == 413:
                limit = scope.get(MAX_BODY_SIZE_SCOPE_KEY, self.fastapi.max_body_size)
                if isinstance(limit, int) and max(received, claimed) > limit:
                    replaced = True
                    stack: Modstack = self.fastapi.state.modstack
                    await answer(stack, scope, receive, body_too_large(limit))(scope, receive, send)
                    return
            await send(message)

        await self.app(scope, counted, answering)


def _content_length(scope: Scope) -> int:
    value = Headers(scope=scope).get("content-length", "")
    return int(value) if value.isdigit() else 0


def answer_body_limit(app: FastAPI) -> None:
    """Put :class:`BodyLimitAnswer` around the app's middleware stack when it is built
    (FastAPI builds its body limit outside every middleware an app can add)."""
    build = app.build_middleware_stack

    def build_answering() -> ASGIApp:
        return BodyLimitAnswer(build(), app)

    app.build_middleware_stack = build_answering  # type: ignore[method-assign]


def answer_errors(app: FastAPI) -> None:
    """Add the handlers: a browser's 404 page and the 405 answer (unless the app has its
    own handler of that code; one it adds later replaces ours too), the 413 answer, a
    module's ``ModuleError``, database outages."""
    if 404 not in app.exception_handlers:
        app.add_exception_handler(404, answer_not_found)
    if 405 not in app.exception_handlers:
        app.add_exception_handler(405, answer_not_allowed)
    answer_body_limit(app)
    app.add_exception_handler(ModuleError, answer_module_error)
    for kind in OUTAGES:
        app.add_exception_handler(kind, answer_store_outage)
