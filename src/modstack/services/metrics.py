"""Per service and operation: calls, failures, latency, breaker state and transitions —
counted in plain numbers on the call path, turned into Prometheus metrics when scraped."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from modstack.services.breaker import StoreFallbacks

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class OperationStats:
    """The counters of one service operation (updated without a lock: each ``+=`` is
    one bytecode-level update under the GIL, and a scrape tolerates a racing call)."""

    calls: int = 0
    failures: int = 0
    fallbacks: int = 0
    rejected: int = 0
    """Calls refused by an open breaker."""
    latency_sum: float = 0.0
    buckets: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS) + 1))
    transitions: dict[str, int] = field(default_factory=dict)

    def observe(self, seconds: float) -> None:
        """Count one finished call of ``seconds``."""
        self.calls += 1
        self.latency_sum += seconds
        self.buckets[bisect.bisect_left(BUCKETS, seconds)] += 1


class ServiceMetrics:
    """Every operation's stats, by (service, operation)."""

    def __init__(self) -> None:
        self.operations: dict[tuple[str, str], OperationStats] = {}
        self.breaker_store: StoreFallbacks | None = None
        """The shared breaker store's outages, when breakers are shared."""

    def of(self, service: str, operation: str) -> OperationStats:
        """The stats of one operation, created on first use."""
        key = (service, operation)
        stats = self.operations.get(key)
        if stats is None:
            stats = self.operations[key] = OperationStats()
        return stats

    def summary(self, service: str) -> dict[str, dict[str, Any]]:
        """One service's figures per operation, for health summaries."""
        return {
            operation: {
                "calls": s.calls, "failures": s.failures, "fallbacks": s.fallbacks,
                "rejected": s.rejected, "transitions": dict(s.transitions),
                "mean_latency_ms": round(s.latency_sum / s.calls * 1000, 3) if s.calls else None,
            }
            for (name, operation), s in self.operations.items()
            if name == service
        }  # fmt: skip


class PrometheusCollector:
    """Exposes :class:`ServiceMetrics` (and breaker states) to prometheus_client."""

    def __init__(self, metrics: ServiceMetrics, states: Any) -> None:
        self.metrics = metrics
        self.states = states  # callable (service, operation) -> state name

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import (
            CounterMetricFamily,
            GaugeMetricFamily,
            HistogramMetricFamily,
        )

        labels = ["service", "operation"]
        calls = CounterMetricFamily(
            "modstack_service_calls", "Service operation calls", labels=labels
        )
        failures = CounterMetricFamily("modstack_service_failures", "Failed calls", labels=labels)
        fallbacks = CounterMetricFamily(
            "modstack_service_fallbacks", "Calls served by a fallback", labels=labels
        )
        rejected = CounterMetricFamily(
            "modstack_service_rejected", "Calls refused by an open breaker", labels=labels
        )
        transitions = CounterMetricFamily("modstack_breaker_transitions", "Breaker state changes",
                                          labels=[*labels, "to"])  # fmt: skip
        state = GaugeMetricFamily(
            "modstack_breaker_state", "0 closed, 1 half-open, 2 open", labels=labels
        )
        latency = HistogramMetricFamily(
            "modstack_service_latency_seconds", "Call latency", labels=labels
        )
        codes = {"closed": 0, "half_open": 1, "open": 2}
        for (service, operation), s in sorted(self.metrics.operations.items()):
            key = [service, operation]
            calls.add_metric(key, s.calls)
            failures.add_metric(key, s.failures)
            fallbacks.add_metric(key, s.fallbacks)
            rejected.add_metric(key, s.rejected)
            for target, count in s.transitions.items():
                transitions.add_metric([*key, target], count)
            state.add_metric(key, codes[str(self.states(service, operation))])
            cumulative, running = [], 0
            for bound, count in zip([*map(str, BUCKETS), "+Inf"], s.buckets, strict=True):
                running += count
                cumulative.append((bound, running))
            latency.add_metric(key, cumulative, s.latency_sum)
        yield from (calls, failures, fallbacks, rejected, transitions, state, latency)
        store = self.metrics.breaker_store
        if store is not None:
            yield CounterMetricFamily(
                "modstack_breaker_store_fallbacks",
                "Breaker steps kept in this process while the shared store was unreachable",
                value=store.steps,
            )
            yield CounterMetricFamily(
                "modstack_breaker_store_outages",
                "Times the shared breaker store became unreachable",
                value=store.outages,
            )
            yield GaugeMetricFamily(
                "modstack_breaker_store_degraded",
                "1 while breakers are kept in this process, the shared store unreachable",
                value=int(store.is_degraded),
            )
