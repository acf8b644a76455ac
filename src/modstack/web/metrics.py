"""``/metrics`` for every adapter: the Prometheus text of one stack's services — calls,
failures, latency, fallbacks, breaker states and transitions — and of the requests each
module's routes served."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import SummaryMetricFamily
from prometheus_client.registry import Collector

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


REQUEST_METRIC = "modstack_module_request_seconds"


class RequestMetrics(Collector):
    """How many requests each module's routes served, and how long they took: a
    Prometheus summary (``_count`` and ``_sum`` by module). Counting a request takes one
    lock and two additions (it runs on every module request)."""

    def __init__(self) -> None:
        self._totals: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self.registry = CollectorRegistry(auto_describe=True)
        self.registry.register(self)

    def observe(self, code: str, seconds: float) -> None:
        """Count one request of module ``code`` that took ``seconds``."""
        with self._lock:
            totals = self._totals.get(code)
            if totals is None:
                self._totals[code] = [1.0, seconds]
            else:
                totals[0] += 1.0
                totals[1] += seconds

    def collect(self) -> Iterator[SummaryMetricFamily]:
        """The summary, for the registry."""
        family = SummaryMetricFamily(
            REQUEST_METRIC,
            "Time spent in a module's views, by module (count and sum)",
            labels=["module"],
        )
        with self._lock:
            totals = {code: tuple(values) for code, values in self._totals.items()}
        for code, (count, seconds) in sorted(totals.items()):
            family.add_metric([code], int(count), seconds)
        yield family

    def render(self) -> bytes:
        """The metrics in Prometheus text format."""
        return generate_latest(self.registry)
