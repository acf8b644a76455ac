"""``/health``, ``/modules/status`` and ``/modules/{code}/health`` (the Flask seed's)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from modstack.fastapi.gate import json_error
from modstack.fastapi.stack import Modstack
from modstack.kernel import Lifecycle

router = APIRouter(tags=["modstack"])

HEALTHY = {"healthy", "ok", "degraded"}


def _stack(request: Request) -> Modstack:
    stack: Modstack = request.app.state.modstack
    return stack


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Liveness and readiness: 503 while a core module is not active."""
    stack = _stack(request)
    core = {
        code: stack.kernel.modules[code].state.value for code in sorted(stack.registry.core_codes)
    }
    ready = all(state == Lifecycle.ACTIVE.value for state in core.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "live": True,
        "ready": ready,
        "core": core,
        "modules": stack.kernel.get_module_status()["counts"],
    }
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/modules/status")
async def modules_status(request: Request) -> JSONResponse:
    """Every module's state and, for active ones, its health (checked concurrently)."""
    stack = _stack(request)
    status = stack.kernel.get_module_status()
    reports = await stack.kernel.health_all()
    for code, summary in status["modules"].items():
        summary["health"] = reports[code]["status"]
    return JSONResponse(status)


@router.get("/modules/{code}/health")
async def module_health(code: str, request: Request) -> JSONResponse:
    """One module's health check; 503 unless healthy."""
    stack = _stack(request)
    if code not in stack.kernel.modules:
        return json_error(404, "module_not_found", f"no module {code!r}", module=code)
    report = await stack.kernel.health(code)
    return JSONResponse(report, status_code=200 if report["status"] in HEALTHY else 503)
