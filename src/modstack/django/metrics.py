"""Per-module request metrics (count and latency) for ``/metrics``. Framework-free (the
same as ``modstack.flask.metrics``): a candidate for ``modstack.web``."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Summary, generate_latest


class RequestMetrics:
    """How many requests each module's views served, and how long they took."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.latency = Summary(
            "modstack_module_request_seconds",
            "Time spent in a module's views, by module (count and sum)",
            ["module"],
            registry=self.registry,
        )
        self._children: dict[str, Any] = {}

    def observe(self, code: str, seconds: float) -> None:
        """Count one request of module ``code`` that took ``seconds``."""
        child = self._children.get(code)
        if child is None:
            child = self._children.setdefault(code, self.latency.labels(code))
        child.observe(seconds)

    def render(self) -> bytes:
        """The metrics in Prometheus text format."""
        return generate_latest(self.registry)
