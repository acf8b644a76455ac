"""The JSON answers the gate gives instead of running a module's route."""

from __future__ import annotations

from starlette.responses import JSONResponse


def module_unavailable(code: str, state: str, reason: str | None) -> JSONResponse:
    """503: the module is failed, blocked or stopped in this process."""
    return JSONResponse(
        {"code": "module_unavailable", "module": code, "state": state, "reason": reason},
        status_code=503,
    )


def tenant_required(hint: str) -> JSONResponse:
    """400: the request names no tenant."""
    return JSONResponse(
        {"code": "tenant_required", "detail": f"this route belongs to a tenant: {hint}"},
        status_code=400,
    )


def tenant_not_found(tenant: str) -> JSONResponse:
    """404: no such tenant."""
    return JSONResponse(
        {"code": "tenant_not_found", "tenant": tenant, "detail": f"no tenant {tenant!r}"},
        status_code=404,
    )


def module_disabled(code: str, tenant: str) -> JSONResponse:
    """403: the module is off for this tenant."""
    return JSONResponse(
        {"code": "module_disabled", "module": code, "tenant": tenant,
         "detail": f"module {code!r} is not enabled for tenant {tenant!r}"},
        status_code=403,
    )  # fmt: skip


def store_unavailable() -> JSONResponse:
    """503: the tenancy store could not be reached to load this tenant."""
    return JSONResponse(
        {"code": "store_unavailable", "detail": "the tenancy database is unavailable"},
        status_code=503,
    )
