"""Redis down: the shared breaker store degrades to breakers in this process (logged once,
counted at /metrics), calls keep working, and the shared store is used again once Redis
answers — checked with backoff, not on every call."""

from __future__ import annotations

import logging

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from modstack.services import (
    BaseService,
    BreakerState,
    FallbackBreakerStore,
    PrometheusCollector,
    ServiceRuntime,
)
from modstack.services.redis_breaker import RedisBreakerStore
from tests.integration.servers import RedisServer, free_port


class Clock:
    """Time the test moves by hand, so the backoff is deterministic."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Gateway(BaseService):
    service_name = "gateway"
    retry_attempts = 1
    failure_threshold = 2
    recovery_timeout = 60.0
    is_healthy = True

    def charge(self, amount: int) -> str:
        if not Gateway.is_healthy:
            raise ConnectionError("gateway down")
        return f"charged {amount}"


def _open_the_breaker(service: Gateway) -> None:
    Gateway.is_healthy = False
    try:
        for _ in range(Gateway.failure_threshold):
            with pytest.raises(ConnectionError, match="gateway down"):
                service.call("charge", 1)
    finally:
        Gateway.is_healthy = True


def _scrape(runtime: ServiceRuntime) -> str:
    registry = CollectorRegistry()
    registry.register(
        PrometheusCollector(runtime.metrics, lambda s, o: runtime.breakers.state(f"{s}.{o}"))
    )
    return generate_latest(registry).decode()


def test_calls_work_while_redis_is_down_and_share_state_again_when_it_returns(
    own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    store = FallbackBreakerStore(RedisBreakerStore(own_redis.url), first_retry=5.0, clock=clock)
    runtime = ServiceRuntime(breakers=store)
    other = ServiceRuntime(redis_url=own_redis.url)  # another worker, sharing Redis
    service, seen_by_other = Gateway(runtime=runtime), Gateway(runtime=other)
    try:
        assert service.call("charge", 1) == "charged 1"
        own_redis.stop()
        with caplog.at_level(logging.WARNING, logger="modstack.services"):
            for amount in range(20):
                assert service.call("charge", amount) == f"charged {amount}"
            _open_the_breaker(service)  # the local breaker still opens ...
            assert service.breaker_state("charge") is BreakerState.OPEN
            own_redis.start()
        unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
        assert len(unreachable) == 1  # once per outage, not once per call
        assert store.stats.is_degraded
        assert store.stats.steps > 20
        metrics = _scrape(runtime)
        assert "modstack_breaker_store_degraded 1.0" in metrics
        assert "modstack_breaker_store_outages_total 1.0" in metrics
        # Redis is back, but before the backoff is over nothing was written there.
        assert seen_by_other.breaker_state("charge") is BreakerState.CLOSED

        clock.now += 5.0
        assert service.breaker_state("charge") is BreakerState.CLOSED  # Redis's view again
        assert not store.stats.is_degraded
        _open_the_breaker(service)
        assert seen_by_other.breaker_state("charge") is BreakerState.OPEN  # shared again
        assert "modstack_breaker_store_degraded 0.0" in _scrape(runtime)
    finally:
        runtime.close()
        other.close()


def test_the_shared_store_is_retried_with_growing_backoff_not_on_every_call(
    own_redis: RedisServer,
) -> None:
    clock = Clock()
    store = FallbackBreakerStore(
        RedisBreakerStore(own_redis.url), first_retry=1.0, max_retry=30.0, clock=clock
    )
    service = Gateway(runtime=ServiceRuntime(breakers=store))
    try:
        own_redis.stop()
        assert service.call("charge", 1) == "charged 1"  # at 0 s: down, next try at 1 s
        clock.now += 1.0
        assert service.call("charge", 2) == "charged 2"  # at 1 s: still down, next at 3 s
        own_redis.start()
        clock.now += 1.5
        assert service.call("charge", 3) == "charged 3"  # at 2.5 s: not tried yet
        assert store.stats.is_degraded
        clock.now += 0.5
        assert service.call("charge", 4) == "charged 4"  # at 3 s: tried, answered
        assert not store.stats.is_degraded
        assert store.stats.outages == 1
    finally:
        service.runtime.close()


def test_the_runtime_degrades_a_redis_url_it_cannot_reach() -> None:
    runtime = ServiceRuntime(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    service = Gateway(runtime=runtime)
    try:
        assert service.call("charge", 3) == "charged 3"
        assert runtime.metrics.breaker_store is not None
        assert runtime.metrics.breaker_store.is_degraded
    finally:
        runtime.close()
