"""The gate: a module's handler runs only when the gate admitted the request for that
module.

The check is bound to the module's routes, not to a path: mounting wraps every router a
module contributes (API, pages, WebSocket) in :class:`GatedRoutes`, the node the app's
router hands the request to once it has chosen the route. Whatever way the request got
there — any path spelling, ``root_path``, prefix or method, HTTP or WebSocket — the check
runs before anything of the module does. :class:`GateMiddleware` only resolves the
tenant; it decides nothing from the path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from time import perf_counter
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.routing import (  # FastAPI's included-router node, see GatedRoutes
    _FASTAPI_INCLUDED_ROUTER_KEY,
    _apply_router_form_limits,
    _get_fastapi_scope,
    _IncludedRouter,
)
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from modstack.fastapi import responses
from modstack.kernel import ModuleRuntime
from modstack.web.gate import admits, decide
from modstack.web.refusals import Refusal

if TYPE_CHECKING:
    from modstack.fastapi.stack import Modstack

TENANT_KEY = "modstack.tenant"
"""Scope key: the tenant the resolver found (set by :class:`GateMiddleware` only)."""


def refusal(stack: Modstack, runtime: ModuleRuntime, tenant: str | None) -> Refusal | None:
    """Why a request by ``tenant`` may not reach ``runtime``'s module; None when it may
    (``modstack.web.gate.decide``, with this app's tenant hint)."""
    return decide(stack.core, runtime.code, tenant, hint=stack.resolver.hint, runtime=runtime)


class GateMiddleware:
    """Resolves the tenant of every HTTP and WebSocket request, once: kept in
    ``request.state.tenant`` for handlers and under :data:`TENANT_KEY` for the gate."""

    def __init__(self, app: ASGIApp, stack: Modstack) -> None:
        self.app = app
        self.stack = stack

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        # Not a coroutine itself: the app's awaitable is handed on, no layer more.
        if scope["type"] in ("http", "websocket"):
            tenant = self.stack.resolver(scope)
            scope[TENANT_KEY] = tenant
            scope.setdefault("state", {})["tenant"] = tenant
        return self.app(scope, receive, send)


class GatedRoutes(_IncludedRouter):
    """One module router as mounted: FastAPI's included-router node, whose ``handle``
        asks the gate first. The app's router (or the dispatch) calls ``handle`` only after
        choosing this node, so no route under it runs without the check. ``runtime`` is the
        run of the module that mounted it: a failed or stopped run answers 503. An admitted
    HTTP request is counted in ``/metrics`` (``modstack_module_request_seconds``)."""

    def __init__(self, node: _IncludedRouter, stack: Modstack, runtime: ModuleRuntime) -> None:
        super().__init__(original_router=node.original_router, include_context=node.include_context)
        self.stack = stack
        self.runtime = runtime
        self.code = runtime.code
        self.tenancy = stack.core.tenancy
        self.metrics = stack.request_metrics

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        tenant = scope.get(TENANT_KEY)
        if not admits(self.tenancy, self.runtime, self.code, tenant):
            refused = refusal(self.stack, self.runtime, tenant)
            if refused is not None:
                await responses.refuse(self.stack, scope, receive, send, refused)
                return
        if scope["type"] != "http":  # a WebSocket's time is its connection's, not a view's
            await self.serve(scope, receive, send)
            return
        started = perf_counter()
        try:
            await self.serve(scope, receive, send)
        finally:
            self.metrics.observe(self.code, perf_counter() - started)

    async def serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        """What ``_IncludedRouter.handle`` does, without its round trip through the
        included router's own ``handle`` (which only finds this node again in the scope;
        a module router whose class overrides ``handle`` is not asked)."""
        _apply_router_form_limits(scope, self.include_context.form_limits)
        _get_fastapi_scope(scope)[_FASTAPI_INCLUDED_ROUTER_KEY] = self
        await self._handle_selected(scope, receive, send)


class ModuleRefused(Exception):  # noqa: N818 - carries a response, not an error
    """Raised by :func:`require_module_access`; the app turns it into its response."""

    def __init__(self, response: Response) -> None:
        self.response = response


async def answer_refusal(request: Request, error: Exception) -> Response:
    """Exception handler for :class:`ModuleRefused`."""
    assert isinstance(error, ModuleRefused)
    return error.response


def require_module_access(code: str) -> Callable[[Request], Awaitable[None]]:
    """A FastAPI dependency that refuses the request unless module ``code`` is active
    and enabled for the request's tenant (the Wizamart seed's name). Module routes are
    gated already; use it on routes outside module folders."""

    async def check(request: Request) -> None:
        stack: Modstack = request.app.state.modstack
        refused = refusal(stack, stack.kernel.modules[code], request.scope.get(TENANT_KEY))
        if refused is not None:
            raise ModuleRefused(responses.answer(stack, request.scope, request.receive, refused))

    check.__name__ = f"require_module_access_{code.replace('-', '_')}"
    return check
