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

from modstack.errors import (
    CoreModuleError,
    ModuleConfigError,
    ModuleNotFound,
    NotAllowedError,
    ServiceNotFound,
    SettingError,
    StalePlanError,
    StoreUnavailableError,
    TenantNotFound,
)
from modstack.fastapi.gate import ModuleRefused, json_error
from modstack.fastapi.stack import Modstack
from modstack.tenancy import Actor
from modstack.web.admin_access import (
    SESSION_COOKIE,
    SIGNIN_PATH,
    AdminAccess,
    AdminRequest,
    Refusal,
)
from modstack.web.auth import Principal

PREFIX = "/api/v1/admin/modstack"
ADMIN = Actor.admin("admin-api")


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


@router.get("/modules")
async def list_modules(request: Request) -> dict[str, Any]:
    """Every module with tier, version, state and health."""
    stack = _stack(request)
    reports = await stack.kernel.health_all()
    return {
        "modules": [
            {**stack.kernel.modules[code].summary(), "health": reports[code]}
            for code in stack.registry.order
        ]
    }


@router.post("/modules/{code}/reload")
async def reload_module(code: str, request: Request) -> JSONResponse:
    """Reload a module and its active dependents in every worker; each worker's outcome
    under ``workers``; 409 with the error when the new code fails in one of them (that
    worker keeps its old code)."""
    try:
        report = await _stack(request).core.reload_everywhere(code)
    except ModuleNotFound as error:
        return _error(error)
    return JSONResponse(report.as_data(), status_code=200 if report.ok else 409)


@router.get("/services")
def list_services(request: Request) -> dict[str, Any]:
    """Every service: version, owning module, breakers, health."""
    services = _stack(request).services
    return {
        "services": services.get_service_info(),
        "health": services.get_service_health_summary(),
    }


@router.post("/services/{name}/reload")
async def reload_service(name: str, request: Request) -> JSONResponse:
    """A new instance is initialised before the old one is cleaned up; calls in flight
    finish on the old one."""
    try:
        fresh = await _stack(request).services.reload(name)
    except ServiceNotFound as error:
        return json_error(404, "service_not_found", str(error))
    except RuntimeError as error:
        return json_error(409, "service_failed", str(error))
    return JSONResponse({"service": name, "version": fresh.version, "ok": True})


@router.get("/settings")
def list_settings(request: Request, tenant: Annotated[str | None, Query()] = None) -> JSONResponse:
    """Every module's effective settings and their sources (secrets masked)."""
    try:
        return JSONResponse(_stack(request).settings_manager.export(tenant=tenant))
    except TenantNotFound as error:
        return _error(error)
    except ModuleConfigError as error:
        return json_error(409, "invalid_settings", str(error))


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
    manager = _stack(request).settings_manager
    try:
        done = manager.set_setting(
            module,
            field,
            change.value,
            actor=ADMIN.name,
            reason=change.reason,
            tenant=change.tenant,
        )
    except (ModuleNotFound, TenantNotFound) as error:
        return _error(error)
    except SettingError as error:
        return json_error(422, "invalid_setting", str(error), module=module, field=field)
    body = {"module": module, "field": field, "old": done.old, "new": done.new}
    return JSONResponse({**body, "tenant": done.tenant, "requires_restart": done.requires_restart})


@router.get("/tenants")
def list_tenants(request: Request) -> list[dict[str, Any]]:
    """Every tenant."""
    return [t.as_data() for t in _stack(request).tenancy.tenants()]


@router.get("/tenants/{tenant}/modules")
def tenant_modules(tenant: str, request: Request) -> JSONResponse:
    """One tenant's modules and their states."""
    try:
        return JSONResponse(_stack(request).tenancy.status(tenant).as_data())
    except (TenantNotFound, StoreUnavailableError) as error:
        return _error(error)


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
    service = _stack(request).tenancy
    if action not in ("enable", "disable"):
        return json_error(404, "unknown_action", f"{action!r}: use enable or disable")
    try:
        if dry_run:
            make = service.plan_enable if action == "enable" else service.plan_disable
            return JSONResponse(make(tenant, code, actor=ADMIN).as_data(applied=False))
        change = service.enable if action == "enable" else service.disable
        applied = change(tenant, code, actor=ADMIN, reason=reason)
        return JSONResponse(applied.as_data(applied=True))
    except (ModuleNotFound, TenantNotFound, CoreModuleError, NotAllowedError, StalePlanError,
            StoreUnavailableError) as error:  # fmt: skip
        return _error(error)


@router.get("/audit")
def audit(
    request: Request,
    tenant: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict[str, Any]]:
    """Audit records, newest first."""
    return [r.as_data() for r in _stack(request).tenancy.audit(tenant=tenant, limit=limit)]


_STATUS = {
    ModuleNotFound: (404, "module_not_found"),
    TenantNotFound: (404, "tenant_not_found"),
    CoreModuleError: (409, "core_module"),
    NotAllowedError: (403, "not_allowed"),
    StalePlanError: (409, "stale_plan"),
    StoreUnavailableError: (503, "store_unavailable"),
}


def _error(error: Exception) -> JSONResponse:
    status, code = next(v for k, v in _STATUS.items() if isinstance(error, k))
    return json_error(status, code, str(error))
