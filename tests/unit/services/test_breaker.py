"""The breaker's state machine, driven by a fake clock through every transition."""

from __future__ import annotations

import threading

import pytest

from modstack.services import BreakerPolicy, BreakerState, MemoryBreakerStore

POLICY = BreakerPolicy(failure_threshold=3, recovery_timeout=10.0, half_open_probes=2)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(clock: FakeClock) -> MemoryBreakerStore:
    return MemoryBreakerStore(clock)


def test_closed_until_the_threshold_of_consecutive_failures(store: MemoryBreakerStore) -> None:
    assert store.admit("svc.op", POLICY).allowed
    assert store.failed("svc.op", POLICY) is None
    assert store.failed("svc.op", POLICY) is None
    assert store.succeeded("svc.op", store.admit("svc.op", POLICY)) is None  # resets the count
    assert store.failed("svc.op", POLICY) is None
    assert store.failed("svc.op", POLICY) is None
    assert store.failed("svc.op", POLICY) is BreakerState.OPEN
    assert store.state("svc.op") is BreakerState.OPEN


def test_open_refuses_until_the_recovery_timeout(
    store: MemoryBreakerStore, clock: FakeClock
) -> None:
    for _ in range(3):
        store.failed("svc.op", POLICY)
    refused = store.admit("svc.op", POLICY)
    assert (refused.allowed, refused.state, refused.retry_in) == (False, BreakerState.OPEN, 10.0)
    clock.now += 9.5
    assert store.admit("svc.op", POLICY).retry_in == pytest.approx(0.5)
    clock.now += 0.5
    probe = store.admit("svc.op", POLICY)
    assert (probe.allowed, probe.state, probe.transition) == (
        True,
        BreakerState.HALF_OPEN,
        BreakerState.HALF_OPEN,
    )


def test_half_open_lets_a_limited_number_of_probes_through(
    store: MemoryBreakerStore, clock: FakeClock
) -> None:
    for _ in range(3):
        store.failed("svc.op", POLICY)
    clock.now += 10
    assert store.admit("svc.op", POLICY).allowed  # probe 1 (moves to half-open)
    assert store.admit("svc.op", POLICY).allowed  # probe 2
    third = store.admit("svc.op", POLICY)
    assert (third.allowed, third.state) == (False, BreakerState.HALF_OPEN)


def test_a_probes_success_closes_and_its_failure_reopens(
    store: MemoryBreakerStore, clock: FakeClock
) -> None:
    for _ in range(3):
        store.failed("svc.op", POLICY)
    clock.now += 10
    probe = store.admit("svc.op", POLICY)
    assert store.failed("svc.op", POLICY) is BreakerState.OPEN  # one failed probe reopens
    assert store.admit("svc.op", POLICY).retry_in == 10.0  # the timeout starts again
    clock.now += 10
    probe = store.admit("svc.op", POLICY)
    assert store.succeeded("svc.op", probe) is BreakerState.CLOSED
    assert store.state("svc.op") is BreakerState.CLOSED
    assert store.admit("svc.op", POLICY).allowed


def test_concurrent_probes_in_half_open_are_limited(
    store: MemoryBreakerStore, clock: FakeClock
) -> None:
    for _ in range(3):
        store.failed("svc.op", POLICY)
    clock.now += 10
    admitted: list[bool] = []
    barrier = threading.Barrier(16)

    def probe() -> None:
        barrier.wait()
        admitted.append(store.admit("svc.op", POLICY).allowed)

    threads = [threading.Thread(target=probe) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert admitted.count(True) == POLICY.half_open_probes


def test_breakers_are_independent_per_operation(store: MemoryBreakerStore) -> None:
    for _ in range(3):
        store.failed("svc.charge", POLICY)
    assert store.state("svc.charge") is BreakerState.OPEN
    assert store.state("svc.refund") is BreakerState.CLOSED
    assert store.admit("svc.refund", POLICY).allowed
