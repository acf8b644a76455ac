"""BaseService: retries, breaker, timeout, fallback, cache, metrics, health; the
registry, ownership and reload."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, ClassVar

import pytest

import modstack
from modstack.errors import CircuitOpenError, ServiceNotFound, ServiceUnavailableError
from modstack.services import (
    BaseService,
    BreakerState,
    MemoryBreakerStore,
    NonRetryableError,
    ServiceManager,
    ServiceRegistry,
    ServiceRuntime,
)


class Flaky(BaseService):
    """Fails ``failures`` times, then answers."""

    service_name = "flaky"
    retry_attempts = 3
    retry_delay = 0.001
    failure_threshold = 2
    recovery_timeout = 60.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.failures = 0
        self.calls = 0

    def fetch(self, value: int) -> int:
        self.calls += 1
        if self.failures:
            self.failures -= 1
            raise ConnectionError("gateway reset the connection")
        return value * 2

    async def afetch(self, value: int) -> int:
        return self.fetch(value)

    def broken(self) -> None:
        self.calls += 1
        raise ValueError("bad request")

    def refused(self) -> None:
        self.calls += 1

        class RejectedError(NonRetryableError, ConnectionError):
            pass

        raise RejectedError("card declined")


class Backup(BaseService):
    service_name = "backup"

    def fetch(self, value: int) -> int:
        return -value

    async def afetch(self, value: int) -> int:
        return -value


@pytest.fixture
def registry() -> ServiceRegistry:
    services = ServiceRegistry(ServiceRuntime())
    services.register(Flaky)
    services.register(Backup)
    services.create_service("flaky")
    services.create_service("backup")
    return services


def flaky(registry: ServiceRegistry) -> Flaky:
    service = registry.get_service("flaky")
    assert isinstance(service, Flaky)
    return service


def test_retries_hide_transient_failures(registry: ServiceRegistry) -> None:
    service = flaky(registry)
    service.failures = 2
    assert service.call("fetch", 21) == 42
    assert service.calls == 3
    assert service.breaker_state("fetch") is BreakerState.CLOSED


def test_spent_retries_count_as_one_breaker_failure(registry: ServiceRegistry) -> None:
    service = flaky(registry)
    service.failures = 3
    with pytest.raises(ConnectionError, match="gateway reset"):
        service.call("fetch", 1)
    assert service.calls == 3
    assert service.breaker_state("fetch") is BreakerState.CLOSED  # 1 of 2 failures
    service.failures = 3
    with pytest.raises(ConnectionError):
        service.call("fetch", 1)
    assert service.breaker_state("fetch") is BreakerState.OPEN
    with pytest.raises(CircuitOpenError, match="service 'flaky' operation 'fetch': circuit open"):
        service.call("fetch", 1)
    assert service.calls == 6  # failed fast: not called


def test_errors_that_retries_cannot_fix_are_not_retried(registry: ServiceRegistry) -> None:
    service = flaky(registry)
    with pytest.raises(ValueError, match="bad request"):
        service.call("broken")
    with pytest.raises(ConnectionError, match="card declined"):
        service.call("refused")
    assert service.calls == 2


def test_async_operations_share_the_same_policies(registry: ServiceRegistry) -> None:
    service = flaky(registry)
    service.failures = 1
    assert asyncio.run(service.call("afetch", 5)) == 10
    assert service.calls == 2


def test_cancellation_is_never_retried(registry: ServiceRegistry) -> None:
    class Slow(BaseService):
        service_name = "slow"
        retry_attempts = 5
        started = 0

        async def wait(self) -> None:
            Slow.started += 1
            await asyncio.sleep(10)

    service = Slow(runtime=registry.runtime)

    async def main() -> None:
        task = asyncio.create_task(service.call("wait"))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert Slow.started == 1


def test_a_timeout_bounds_a_hanging_call(registry: ServiceRegistry) -> None:
    class Hanging(BaseService):
        service_name = "hanging"
        timeout = 0.1
        retry_attempts = 2
        retry_delay = 0.01

        def wait(self) -> None:
            entered.append(1)
            release.wait(30)
            finished.append(1)

    entered: list[int] = []
    finished: list[int] = []
    release = threading.Event()
    with pytest.raises(TimeoutError, match=r"hanging: no answer within 0\.1 s"):
        Hanging(runtime=registry.runtime).call("wait")
    # The call gave up on both attempts while they were still hanging.
    assert (len(entered), len(finished)) == (2, 0)
    release.set()


def test_a_declared_fallback_serves_while_open(registry: ServiceRegistry) -> None:
    class Primary(Flaky):
        service_name = "primary"
        fallback_service = "backup"

    registry.register(Primary)
    service = registry.create_service("primary")
    assert isinstance(service, Primary)
    service.failures = 100
    for _ in range(2):
        with pytest.raises(ConnectionError):
            service.call("fetch", 3)
    assert service.call("fetch", 3) == -3  # open: the fallback answers
    assert registry.runtime.metrics.of("primary", "fetch").fallbacks == 1


def test_call_service_with_fallback(registry: ServiceRegistry) -> None:
    manager = ServiceManager(registry)
    flaky(registry).failures = 100
    assert (
        manager.call_service_with_fallback("flaky", "fetch", fallback_service="backup", value=4)
        == -4
    )
    assert (
        asyncio.run(
            manager.call_service_with_fallback(
                "flaky", "afetch", fallback_service="backup", value=4
            )
        )
        == -4
    )
    with pytest.raises(ConnectionError):
        manager.call_service_with_fallback("flaky", "fetch", value=4)


def test_concurrent_misses_compute_once(registry: ServiceRegistry) -> None:
    service = flaky(registry)
    computed: list[int] = []
    barrier = threading.Barrier(8)

    def compute() -> int:
        computed.append(1)
        time.sleep(0.05)
        return 7

    def read() -> None:
        barrier.wait()
        assert service.cached("rates", compute) == 7

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert computed == [1]
    assert service.get_cached("rates") == 7
    service.set_cached("rates", 8, timeout=60)
    assert service.get_cached("rates") == 8


def test_concurrent_async_misses_compute_once(registry: ServiceRegistry) -> None:
    service = flaky(registry)
    computed: list[int] = []

    async def compute() -> int:
        computed.append(1)
        await asyncio.sleep(0.01)
        return 9

    async def main() -> list[int]:
        return await asyncio.gather(*(service.cached("async-rates", compute) for _ in range(10)))

    assert asyncio.run(main()) == [9] * 10
    assert computed == [1]


def test_health_and_metrics_follow_the_calls(registry: ServiceRegistry) -> None:
    service = flaky(registry)
    service.call("fetch", 1)
    service.failures = 100
    for _ in range(2):
        with pytest.raises(ConnectionError):
            service.call("fetch", 1)
    health = service.get_health_status()
    assert health["status"] == "degraded"
    assert health["breakers"] == {"fetch": "open"}
    fetch = health["operations"]["fetch"]
    assert (fetch["calls"], fetch["failures"], fetch["transitions"]) == (3, 2, {"open": 1})
    summary = registry.get_service_health_summary()
    assert summary["status"] == "degraded"
    assert summary["services"]["backup"]["status"] == "healthy"
    assert registry.get_service_info()["flaky"]["breakers"] == {"fetch": "open"}


def test_transitions_reach_listeners(registry: ServiceRegistry) -> None:
    seen: list[tuple[str, str, BreakerState]] = []
    registry.runtime.listeners.append(lambda *event: seen.append(event))
    flaky(registry).failures = 100
    for _ in range(2):
        with pytest.raises(ConnectionError):
            flaky(registry).call("fetch", 1)
    assert seen == [("flaky", "fetch", BreakerState.OPEN)]


def test_a_service_is_available_only_to_modules_that_require_its_owner() -> None:
    modules = modstack.resolve([
        modstack.ModuleDefinition("payments"),
        modstack.ModuleDefinition("billing", requires=["payments"]),
        modstack.ModuleDefinition("catalog"),
    ])  # fmt: skip
    services = ServiceRegistry(ServiceRuntime(), modules=modules)
    services.register(Backup, module="payments")
    services.create_service("backup")
    assert services.get_service("backup", requester="billing").name == "backup"
    assert services.get_service("backup", requester="payments").name == "backup"
    with pytest.raises(
        ServiceUnavailableError, match="module 'catalog' may not use service 'backup'"
    ):
        services.get_service("backup", requester="catalog")
    with pytest.raises(ServiceNotFound, match="did you mean 'backup'"):
        services.get_service("bakup")


def test_reload_starts_the_new_instance_before_cleaning_up_the_old(
    registry: ServiceRegistry,
) -> None:
    events: list[str] = []

    class Tracked(BaseService):
        service_name = "tracked"
        generation: ClassVar[int] = 0

        def initialize(self) -> bool:
            Tracked.generation += 1
            self.mine = Tracked.generation
            events.append(f"initialize {self.mine}")
            return True

        def cleanup(self) -> bool:
            events.append(f"cleanup {self.mine}")
            return True

        def work(self) -> int:
            in_flight.set()
            time.sleep(0.2)
            return self.mine

    in_flight = threading.Event()
    registry.register(Tracked)
    registry.create_service("tracked")
    old = registry.get_service("tracked")
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(old.call("work")))
    worker.start()
    assert in_flight.wait(10)  # the call is in flight on the old instance
    fresh = asyncio.run(registry.reload("tracked"))
    worker.join()
    assert results == [1]  # finished on the code it started on
    assert registry.get_service("tracked") is fresh
    assert events == ["initialize 1", "initialize 2", "cleanup 1"]


def test_a_breaker_store_can_be_shared_between_runtimes() -> None:
    shared = MemoryBreakerStore()
    one = Flaky(runtime=ServiceRuntime(breakers=shared))
    two = Flaky(runtime=ServiceRuntime(breakers=shared))
    one.failures = 100
    for _ in range(2):
        with pytest.raises(ConnectionError):
            one.call("fetch", 1)
    with pytest.raises(CircuitOpenError):
        two.call("fetch", 1)


def test_the_memory_cache_expires_and_stays_bounded() -> None:
    from modstack.services import MemoryCache
    from modstack.services.cache import MISSING

    now = [0.0]
    cache = MemoryCache(max_entries=10, clock=lambda: now[0])
    cache.set("a", 1, ttl=5)
    assert cache.get("a") == 1
    now[0] = 5.0
    assert cache.get("a") is MISSING
    for number in range(25):
        cache.set(f"k{number}", number, ttl=60)
    assert len(cache._entries) <= 10
    assert cache.get("k24") == 24
    cache.delete("k24")
    assert cache.get("k24") is MISSING
