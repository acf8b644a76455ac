"""Per-module request metrics (count and latency) for ``/metrics``."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Histogram, generate_latest


class RequestMetrics:
    """How many requests each module's routes served, and how long they took."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.latency = Histogram(
            "modstack_module_request_seconds",
            "Time spent in a module's views, by module",
            ["module"],
            registry=self.registry,
        )

    def observe(self, code: str, seconds: float) -> None:
        """Count one request of module ``code`` that took ``seconds``."""
        self.latency.labels(code).observe(seconds)

    def render(self) -> bytes:
        """The metrics in Prometheus text format."""
        return generate_latest(self.registry)
