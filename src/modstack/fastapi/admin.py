"""The admin API under ``/api/v1/admin/modstack/``: modules, tenants, plans, audit.

It requires ``Authorization: Bearer <MODSTACK_ADMIN_TOKEN>``. With no token configured
it serves only in development (``MODSTACK_ENVIRONMENT=development``).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
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

PREFIX = "/api/v1/admin/modstack"
ADMIN = Actor.admin("admin-api")


def _stack(request: Request) -> Modstack:
    stack: Modstack = request.app.state.modstack
    return stack


def require_admin(request: Request) -> None:
    """Refuse unless the request carries the admin token (or, with none configured,
    the app runs in development)."""
    settings = _stack(request).settings
    token = settings.admin_token.get_secret_value() if settings.admin_token else None
    if token is None:
        if settings.is_development:
            return
        raise ModuleRefused(
            json_error(
                503,
                "admin_disabled",
                "the admin API needs MODSTACK_ADMIN_TOKEN outside development",
            )
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.encode(), token.encode()):
        raise ModuleRefused(
            json_error(401, "unauthorized", "send Authorization: Bearer <admin token>")
        )


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
    """Reload a module and its active dependents; 409 with the error when the new code
    fails (the old code keeps serving)."""
    try:
        result = await _stack(request).reload(code)
    except ModuleNotFound as error:
        return _error(error)
    return JSONResponse(result.as_data(), status_code=200 if result.ok else 409)


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
