"""``/metrics`` for every adapter: the Prometheus text of one stack's services — calls,
failures, latency, fallbacks, breaker states and transitions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from modstack.services import BreakerState, PrometheusCollector

if TYPE_CHECKING:
    from modstack.services import ServiceRuntime

CONTENT_TYPE = CONTENT_TYPE_LATEST
"""The media type of the metrics text."""


class MetricsPage:
    """The metrics of one services runtime (its collector registry made once)."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        def state(service: str, operation: str) -> BreakerState:
            return runtime.breakers.state(f"{service}.{operation}")

        self.registry = CollectorRegistry(auto_describe=True)
        self.registry.register(PrometheusCollector(runtime.metrics, state))

    def render(self) -> bytes:
        """The metrics in Prometheus text format."""
        return generate_latest(self.registry)
