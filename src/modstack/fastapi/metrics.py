"""``GET /metrics``: Prometheus text format — service calls, failures, latency, fallbacks,
breaker states and transitions. Requires the admin credential unless ``MODSTACK_PUBLIC``
lists ``metrics`` (a scraper sends ``Authorization: Bearer <admin token>``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from modstack.fastapi.admin import require_admin_unless_public
from modstack.fastapi.stack import Modstack
from modstack.services import BreakerState, PrometheusCollector

router = APIRouter(tags=["modstack"])


def prometheus_registry(stack: Modstack) -> CollectorRegistry:
    """The collector registry of one app (built on first scrape)."""
    if stack.prometheus is None:
        runtime = stack.services.runtime

        def state(service: str, operation: str) -> BreakerState:
            return runtime.breakers.state(f"{service}.{operation}")

        registry = CollectorRegistry(auto_describe=True)
        registry.register(PrometheusCollector(runtime.metrics, state))
        stack.prometheus = registry
    found: CollectorRegistry = stack.prometheus
    return found


@router.get(
    "/metrics",
    include_in_schema=False,
    dependencies=[Depends(require_admin_unless_public("metrics"))],
)
async def metrics(request: Request) -> Response:
    """The app's metrics in Prometheus text format."""
    stack: Modstack = request.app.state.modstack
    return Response(generate_latest(prometheus_registry(stack)), media_type=CONTENT_TYPE_LATEST)
