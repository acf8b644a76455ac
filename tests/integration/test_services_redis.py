"""Breaker state shared through a real Redis by two real processes, and a fault-injection
run: a dependency that fails, hangs and recovers in turns under concurrent calls."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections import Counter

from modstack.errors import CircuitOpenError
from modstack.services import BaseService, BreakerState, ServiceRegistry, ServiceRuntime
from tests.integration import workers
from tests.integration.servers import RedisServer

spawn = multiprocessing.get_context("spawn")


def test_failures_in_one_process_open_the_breaker_for_both_and_recovery_closes_it(
    own_redis: RedisServer,
) -> None:
    commands, answers = spawn.Queue(), spawn.Queue()
    other = spawn.Process(target=workers.gateway_caller, args=(own_redis.url, commands, answers))
    other.start()
    runtime = ServiceRuntime(redis_url=own_redis.url)
    service = workers.Gateway(runtime=runtime)
    try:
        commands.put("call")
        assert answers.get(timeout=30) == "ok"  # both closed
        workers.Gateway.healthy = False
        for _ in range(workers.Gateway.failure_threshold):
            with contextlib.suppress(ConnectionError):
                service.call("charge", 1)
        assert service.breaker_state("charge") is BreakerState.OPEN
        commands.put("call")
        assert answers.get(timeout=30) == "open"  # the other process fails fast too
        time.sleep(workers.Gateway.recovery_timeout + 0.1)
        workers.Gateway.healthy = True
        assert service.call("charge", 2) == "charged 2"  # the probe closes it
        commands.put("call")
        assert answers.get(timeout=30) == "ok"  # closed for the other process as well
    finally:
        commands.put("stop")
        other.join(30)
        runtime.close()


class Dependency:
    """Fails, hangs and recovers in turns, on a schedule."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def phase(self) -> str:
        return ("ok", "failing", "hanging", "ok")[int((time.monotonic() - self.started) / 0.6) % 4]


def test_fault_injection_no_call_hangs_the_fallback_serves_nothing_is_lost() -> None:
    dependency = Dependency()

    class Remote(BaseService):
        service_name = "remote"
        timeout = 0.2
        retry_attempts = 2
        retry_delay = 0.01
        failure_threshold = 3
        recovery_timeout = 0.3
        fallback_service = "local"

        def fetch(self, key: int) -> str:
            phase = dependency.phase()
            if phase == "failing":
                raise ConnectionError("dependency down")
            if phase == "hanging":
                time.sleep(5)
            return f"remote {key}"

    class Local(BaseService):
        service_name = "local"

        def fetch(self, key: int) -> str:
            return f"local {key}"

    services = ServiceRegistry(ServiceRuntime())
    services.register(Remote)
    services.register(Local)
    services.create_service("remote")
    services.create_service("local")
    outcomes: Counter[str] = Counter()
    slowest: list[float] = []
    lock = threading.Lock()

    def caller(number: int) -> None:
        deadline = time.monotonic() + 2.6
        key = 0
        while time.monotonic() < deadline:
            key += 1
            started = time.monotonic()
            try:
                answer = services.get_service("remote").call("fetch", key)
                kind = answer.split()[0]
                assert answer == f"{kind} {key}"  # the answer is for this request
            except (ConnectionError, TimeoutError, CircuitOpenError) as error:
                kind = type(error).__name__
            with lock:
                outcomes[kind] += 1
                slowest.append(time.monotonic() - started)

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = sum(outcomes.values())
    assert total == len(slowest)  # every call returned or raised: none lost
    assert outcomes["remote"] > 0
    assert outcomes["local"] > 0  # the fallback served while the breaker was open
    # No call waited for the hanging dependency (5 s): each gave up after its two attempts
    # of 0.2 s. The margin is wide, so a busy machine's scheduling cannot fail it.
    assert max(slowest) < 4.0, max(slowest)
    transitions = services.runtime.metrics.of("remote", "fetch").transitions
    assert transitions.get("open", 0) >= 1
    assert transitions.get("closed", 0) >= 1
    services.runtime.close()


def test_the_redis_cache_shares_values_between_runtimes(own_redis: RedisServer) -> None:
    class Rates(BaseService):
        service_name = "rates"

    one = Rates(runtime=ServiceRuntime(redis_url=own_redis.url))
    two = Rates(runtime=ServiceRuntime(redis_url=own_redis.url))
    computed: list[int] = []

    def compute() -> dict[str, float]:
        computed.append(1)
        return {"USD": 1.08}

    assert one.cached("quotes", compute, timeout=30) == {"USD": 1.08}
    assert two.cached("quotes", compute, timeout=30) == {"USD": 1.08}  # from Redis
    assert computed == [1]
    two.set_cached("quotes", {"USD": 1.1}, timeout=30)
    assert one.get_cached("quotes") == {"USD": 1.1}
    one.runtime.close()
    two.runtime.close()
