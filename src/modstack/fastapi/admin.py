"""The admin API under ``/api/v1/admin/modstack/``: modules, tenants, plans, audit.

Like every page and route of the admin frontend it requires the admin credential:
``Authorization: Bearer <MODSTACK_ADMIN_TOKEN>`` or the session cookie the sign-in form
sets (see :mod:`modstack.web.admin_access`). Only development with
``MODSTACK_ADMIN_OPEN=true`` serves it without one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel

from modstack.fastapi.gate import ModuleRefused, json_error
from modstack.fastapi.stack import Modstack
from modstack.web.admin_access import (
    SESSION_COOKIE,
    SIGNIN_PATH,
    AdminAccess,
    AdminRequest,
    Refusal,
)
from modstack.web.admin_ops import AdminOperations, Answer
from modstack.web.auth import Principal

PREFIX = "/api/v1/admin/modstack"


def _stack(request: Request) -> Modstack:
    stack: Modstack = request.app.state.modstack
    return stack


def admin_access(request: Request) -> AdminAccess:
    """The app's :class:`AdminAccess` (made on first use from the app's settings)."""
    state = request.app.state
    access: AdminAccess | None = getattr(state, "modstack_admin_access", None)
    if access is None or access.settings is not _stack(request).settings:
        access = AdminAccess(_stack(request).settings)
        state.modstack_admin_access = access
    return access


def admin_decision(request: Request) -> Principal | Refusal:
    """Whether ``request`` may use the admin frontend: its principal, or the refusal."""
    headers = request.headers
    return admin_access(request).check(
        AdminRequest(
            method=request.method,
            authorization=headers.get("authorization"),
            session_cookie=request.cookies.get(SESSION_COOKIE),
            origin=headers.get("origin"),
            fetch_site=headers.get("sec-fetch-site"),
            host=headers.get("host"),
        )
    )


async def require_admin(request: Request) -> None:
    """A FastAPI dependency: refuse (401, 403 or 503, as JSON) unless the request carries
    the admin credential; the principal is kept in ``request.state.principal``."""
    _admit(request)


def _admit(request: Request) -> None:
    decision = admin_decision(request)
    if isinstance(decision, Refusal):
        raise ModuleRefused(json_error(decision.status, decision.code, decision.detail))
    request.state.principal = decision


async def require_admin_page(request: Request) -> None:
    """Like :func:`require_admin`, for pages: without a credential the browser is sent
    to the sign-in form, which brings it back here."""
    decision = admin_decision(request)
    if isinstance(decision, Refusal):
        if decision.status != 401:
            raise ModuleRefused(json_error(decision.status, decision.code, decision.detail))
        root = request.scope.get("root_path", "")
        here = root + request.scope["path"]
        if request.url.query:
            here += "?" + request.url.query
        query = urlencode({"next": here})
        raise ModuleRefused(RedirectResponse(f"{root}{SIGNIN_PATH}?{query}", status_code=303))
    request.state.principal = decision


def require_admin_unless_public(detail: str) -> Callable[[Request], Awaitable[None]]:
    """A dependency that requires the admin credential unless ``detail`` is listed in
    ``MODSTACK_PUBLIC``."""

    async def check(request: Request) -> None:
        if not _stack(request).settings.is_public(detail):
            _admit(request)

    check.__name__ = f"require_admin_unless_public_{detail.replace('-', '_')}"
    return check


router = APIRouter(prefix=PREFIX, tags=["modstack admin"], dependencies=[Depends(require_admin)])


def _ops(request: Request) -> AdminOperations:
    return AdminOperations(_stack(request).core)


def _send(answer: Answer) -> JSONResponse:
    return JSONResponse(answer.body, status_code=answer.status)


@router.get("/modules")
async def list_modules(request: Request) -> JSONResponse:
    """Every module with tier, version, state and health."""
    return _send(await _ops(request).list_modules())


@router.post("/modules/{code}/reload")
async def reload_module(code: str, request: Request) -> JSONResponse:
    """Reload a module and its active dependents in every worker; each worker's outcome
    under ``workers``; 409 with the error when the new code fails in one of them (that
    worker keeps its old code)."""
    return _send(await _ops(request).reload_module(code))


@router.get("/services")
def list_services(request: Request) -> JSONResponse:
    """Every service: version, owning module, breakers, health."""
    return _send(_ops(request).list_services())


@router.post("/services/{name}/reload")
async def reload_service(name: str, request: Request) -> JSONResponse:
    """A new instance is initialised before the old one is cleaned up; calls in flight
    finish on the old one."""
    return _send(await _ops(request).reload_service(name))


@router.get("/settings")
def list_settings(request: Request, tenant: Annotated[str | None, Query()] = None) -> JSONResponse:
    """Every module's effective settings and their sources (secrets masked)."""
    return _send(_ops(request).list_settings(tenant))


class SettingChange(BaseModel):
    """The body of a settings change."""

    value: Any
    reason: str = ""
    tenant: str | None = None


@router.put("/settings/{module}/{field}")
def change_setting(
    module: str, field: str, change: SettingChange, request: Request
) -> JSONResponse:
    """Validate, store, audit and announce one setting (for every tenant, or one)."""
    return _send(
        _ops(request).change_setting(
            module, field, change.value, reason=change.reason, tenant=change.tenant
        )
    )


@router.get("/tenants")
def list_tenants(request: Request) -> JSONResponse:
    """Every tenant."""
    return _send(_ops(request).list_tenants())


@router.get("/tenants/{tenant}/modules")
def tenant_modules(tenant: str, request: Request) -> JSONResponse:
    """One tenant's modules and their states."""
    return _send(_ops(request).tenant_modules(tenant))


@router.post("/tenants/{tenant}/modules/{code}/{action}")
def change_module(
    tenant: str,
    code: str,
    action: str,
    request: Request,
    dry_run: Annotated[bool, Query()] = False,
    reason: Annotated[str, Query()] = "",
) -> JSONResponse:
    """Plan (``dry_run=true``) or apply enabling or disabling ``code`` for ``tenant``."""
    return _send(_ops(request).change_module(tenant, code, action, dry_run=dry_run, reason=reason))


@router.get("/audit")
def audit(
    request: Request,
    tenant: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> JSONResponse:
    """Audit records, newest first."""
    return _send(_ops(request).audit(tenant, limit))
