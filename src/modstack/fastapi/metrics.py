"""``GET /metrics``: Prometheus text format — service calls, failures, latency, fallbacks,
breaker states and transitions. Requires the admin credential unless ``MODSTACK_PUBLIC``
lists ``metrics`` (a scraper sends ``Authorization: Bearer <admin token>``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from prometheus_client import CollectorRegistry

from modstack.fastapi.admin import require_admin_unless_public
from modstack.fastapi.stack import Modstack
from modstack.web.metrics import CONTENT_TYPE, MetricsPage

router = APIRouter(tags=["modstack"])


def prometheus_registry(stack: Modstack) -> CollectorRegistry:
    """The collector registry of one app (built on first scrape)."""
    if stack.prometheus is None:
        stack.prometheus = MetricsPage(stack.services.runtime)
    page: MetricsPage = stack.prometheus
    return page.registry


@router.get(
    "/metrics",
    include_in_schema=False,
    dependencies=[Depends(require_admin_unless_public("metrics"))],
)
async def metrics(request: Request) -> Response:
    """The app's metrics in Prometheus text format."""
    stack: Modstack = request.app.state.modstack
    prometheus_registry(stack)  # made on first scrape
    page: MetricsPage = stack.prometheus
    return Response(page.render(), media_type=CONTENT_TYPE)
