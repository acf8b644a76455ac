"""``/health`` (public: live and ready, nothing more), ``/modules/status``,
``/modules/{code}/health`` and ``/metrics`` (the admin credential unless
``MODSTACK_PUBLIC`` lists them): the documents of :mod:`modstack.web.health` and
:mod:`modstack.web.metrics`."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from modstack.fastapi.admin import require_admin_unless_public
from modstack.fastapi.depends import stack_of
from modstack.web.health import health_document, module_health_document, status_document
from modstack.web.metrics import CONTENT_TYPE, MetricsPage

router = APIRouter(tags=["modstack"])


async def is_store_reachable(request: Request) -> bool:
    """Whether the tenancy store answered a probe in the last second."""
    probe = stack_of(request).store_probe
    cached = probe.cached()
    return cached if cached is not None else await asyncio.to_thread(probe.refresh)


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Liveness and readiness: 503 while a core module is not active or the tenancy
    store cannot be reached. No details: those are at ``/modules/status``."""
    status, body = health_document(stack_of(request).core, await is_store_reachable(request))
    return JSONResponse(body, status_code=status)


@router.get("/modules/status", dependencies=[Depends(require_admin_unless_public("status"))])
async def modules_status(request: Request) -> JSONResponse:
    """Every module's state and health, the core modules' states, the store's."""
    reachable = await is_store_reachable(request)
    return JSONResponse(await status_document(stack_of(request).core, reachable))


@router.get(
    "/modules/{code}/health", dependencies=[Depends(require_admin_unless_public("module-health"))]
)
async def module_health(code: str, request: Request) -> JSONResponse:
    """One module's health check; 503 unless healthy."""
    status, body = await module_health_document(stack_of(request).core, code)
    return JSONResponse(body, status_code=status)


@router.get("/metrics", include_in_schema=False,
            dependencies=[Depends(require_admin_unless_public("metrics"))])  # fmt: skip
async def metrics(request: Request) -> Response:
    """The services' metrics in Prometheus text format (the page is made on first scrape)."""
    stack = stack_of(request)
    if stack.prometheus is None:
        stack.prometheus = MetricsPage(stack.services.runtime)
    return Response(stack.prometheus.render(), media_type=CONTENT_TYPE)
