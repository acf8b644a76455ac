"""The gate: every request to a module's route checks the module first.

API routes (``/api/v1/<frontend>/<code>/...``) are gated by a pure ASGI middleware that
finds the module from the path with one dict lookup — no dependency injection, no
thread hop. Page routes share a path prefix across modules, so they carry a dependency,
``require_module_access(code)``, which gives the same answers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fastapi import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from modstack.errors import StoreUnavailableError, TenantNotFound
from modstack.fastapi import responses
from modstack.fastapi.dispatch import API_KEY

if TYPE_CHECKING:
    from modstack.fastapi.stack import Modstack


def refusal(stack: Modstack, code: str, tenant: str | None) -> Response | None:
    """Why a request for module ``code`` by ``tenant`` may not run, as a response; None
    when it may."""
    runtime = stack.kernel.modules[code]
    if not runtime.is_active:
        return responses.module_unavailable(code, runtime.state.value, runtime.reason)
    if tenant is None:
        return responses.tenant_required(stack.resolver.hint)
    try:
        if stack.tenancy.is_enabled(tenant, code):
            return None
    except TenantNotFound:
        return responses.tenant_not_found(tenant)
    except StoreUnavailableError:
        return responses.store_unavailable()
    return responses.module_disabled(code, tenant)


class GateMiddleware:
    """Resolves the tenant of every request (``request.state.tenant``) and refuses
    requests to module API routes the tenant may not use."""

    def __init__(self, app: ASGIApp, stack: Modstack) -> None:
        self.app = app
        self.stack = stack

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        stack = self.stack
        tenant = stack.resolver(scope)
        scope.setdefault("state", {})["tenant"] = tenant
        path: str = scope["path"]
        if path.startswith("/api/v1/"):
            parts = path.split("/", 5)
            key = (parts[3], parts[4]) if len(parts) > 4 else None
            code = stack.api_owners.get(key) if key else None
            if code is not None:
                refused = refusal(stack, code, tenant)
                if refused is not None:
                    await refused(scope, receive, send)
                    return
                scope[API_KEY] = key
        await self.app(scope, receive, send)


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
    and enabled for the request's tenant (the Wizamart seed's name). Use it on routes
    outside module folders."""

    async def check(request: Request) -> None:
        stack: Modstack = request.app.state.modstack
        refused = refusal(stack, code, request.scope.get("state", {}).get("tenant"))
        if refused is not None:
            raise ModuleRefused(refused)

    check.__name__ = f"require_module_access_{code.replace('-', '_')}"
    return check


def json_error(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    """A JSON error body in the gate's shape."""
    return JSONResponse({"code": code, "detail": detail, **extra}, status_code=status)
