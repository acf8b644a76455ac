"""``/health``, ``/modules/status`` and ``/modules/{code}/health`` (the Flask seed's).

``/health`` is public and says only whether the app is live and ready (every core module
active and the tenancy store reachable). The other two carry details (states, failure
reasons) and require the admin credential unless ``MODSTACK_PUBLIC`` lists them.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from modstack.fastapi.admin import require_admin_unless_public
from modstack.fastapi.gate import json_error
from modstack.fastapi.stack import Modstack
from modstack.kernel import Lifecycle
from modstack.web.readiness import StoreProbe, engine_check

router = APIRouter(tags=["modstack"])

HEALTHY = {"healthy", "ok", "degraded"}
STORE_PROBE_TTL = 1.0
"""Seconds one answer of the store probe is reused."""


def _stack(request: Request) -> Modstack:
    stack: Modstack = request.app.state.modstack
    return stack


def store_probe(request: Request) -> StoreProbe:
    """The app's probe of the tenancy store (made on first use)."""
    state = request.app.state
    probe: StoreProbe | None = getattr(state, "modstack_store_probe", None)
    if probe is None:
        engine = _stack(request).tenancy.store.engine
        probe = StoreProbe(engine_check(engine), ttl=STORE_PROBE_TTL)
        state.modstack_store_probe = probe
    return probe


async def is_store_reachable(request: Request) -> bool:
    """Whether the tenancy store answered a probe in the last second."""
    probe = store_probe(request)
    cached = probe.cached()
    return cached if cached is not None else await asyncio.to_thread(probe.refresh)


def _core_states(stack: Modstack) -> dict[str, str]:
    return {
        code: stack.kernel.modules[code].state.value for code in sorted(stack.registry.core_codes)
    }


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Liveness and readiness: 503 while a core module is not active or the tenancy
    store cannot be reached. No details: those are at ``/modules/status``."""
    core = _core_states(_stack(request))
    ready = all(state == Lifecycle.ACTIVE.value for state in core.values())
    ready = ready and await is_store_reachable(request)
    body = {"status": "ok" if ready else "unavailable", "live": True, "ready": ready}
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/modules/status", dependencies=[Depends(require_admin_unless_public("status"))])
async def modules_status(request: Request) -> JSONResponse:
    """Every module's state and, for active ones, its health (checked concurrently);
    the core modules' states and whether the tenancy store answers."""
    stack = _stack(request)
    status = stack.kernel.get_module_status()
    reports = await stack.kernel.health_all()
    for code, summary in status["modules"].items():
        summary["health"] = reports[code]["status"]
    status["core"] = _core_states(stack)
    status["store"] = "reachable" if await is_store_reachable(request) else "unreachable"
    return JSONResponse(status)


@router.get(
    "/modules/{code}/health",
    dependencies=[Depends(require_admin_unless_public("module-health"))],
)
async def module_health(code: str, request: Request) -> JSONResponse:
    """One module's health check; 503 unless healthy."""
    stack = _stack(request)
    if code not in stack.kernel.modules:
        return json_error(404, "module_not_found", f"no module {code!r}", module=code)
    report = await stack.kernel.health(code)
    return JSONResponse(report, status_code=200 if report["status"] in HEALTHY else 503)
