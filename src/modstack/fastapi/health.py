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
from modstack.fastapi.stack import Modstack
from modstack.web.health import health_document, module_health_document, status_document
from modstack.web.readiness import StoreProbe, engine_check

router = APIRouter(tags=["modstack"])

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


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Liveness and readiness: 503 while a core module is not active or the tenancy
    store cannot be reached. No details: those are at ``/modules/status``."""
    status, body = health_document(_stack(request).core, await is_store_reachable(request))
    return JSONResponse(body, status_code=status)


@router.get("/modules/status", dependencies=[Depends(require_admin_unless_public("status"))])
async def modules_status(request: Request) -> JSONResponse:
    """Every module's state and health, the core modules' states, the store's."""
    reachable = await is_store_reachable(request)
    return JSONResponse(await status_document(_stack(request).core, reachable))


@router.get(
    "/modules/{code}/health",
    dependencies=[Depends(require_admin_unless_public("module-health"))],
)
async def module_health(code: str, request: Request) -> JSONResponse:
    """One module's health check; 503 unless healthy."""
    status, body = await module_health_document(_stack(request).core, code)
    return JSONResponse(body, status_code=status)
