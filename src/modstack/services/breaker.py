"""A circuit breaker per service operation: closed -> open after N consecutive failures
-> half-open after the recovery timeout, letting a limited number of probes through ->
closed on a probe's success, open again on its failure.

The state lives in a store: in this process (``MemoryBreakerStore``), or in Redis
(``RedisBreakerStore``) so every worker opens and closes together. Each store makes each
step atomic. A shared store is used through ``FallbackBreakerStore``, which keeps the
breakers working in this process while the shared one cannot be reached.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

logger = logging.getLogger("modstack.services")
T = TypeVar("T")


class BreakerState(enum.StrEnum):
    """Where a breaker is."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, slots=True)
class BreakerPolicy:
    """When a breaker opens and how it recovers (the Django seed's defaults)."""

    failure_threshold: int = 5
    recovery_timeout: float = 60.0
    half_open_probes: int = 1


@dataclass(frozen=True, slots=True)
class Admission:
    """The store's answer before a call: may it run, and the state it saw."""

    allowed: bool
    state: BreakerState
    retry_in: float = 0.0
    """Seconds until the next probe, when refused."""
    transition: BreakerState | None = None
    """Set when this admission moved the breaker (open -> half-open)."""
    failures: int = 0
    """Consecutive failures so far (a success resets them)."""


class BreakerStore(Protocol):
    """Where breaker state lives; every method is one atomic step."""

    def admit(self, name: str, policy: BreakerPolicy) -> Admission:
        """Decide whether a call may run now."""

    def succeeded(self, name: str, admission: Admission) -> BreakerState | None:
        """Record a success; return the new state if it changed."""

    def failed(self, name: str, policy: BreakerPolicy) -> BreakerState | None:
        """Record a failure; return the new state if it changed."""

    def state(self, name: str) -> BreakerState:
        """The current state (for health and metrics)."""


@dataclass
class _Breaker:
    state: BreakerState = BreakerState.CLOSED
    failures: int = 0
    opened_at: float = 0.0
    probes: int = 0


class MemoryBreakerStore:
    """Breakers in this process. ``clock`` is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._breakers: dict[str, _Breaker] = {}
        self._lock = threading.Lock()

    def admit(self, name: str, policy: BreakerPolicy) -> Admission:
        breaker = self._breakers.get(name)
        if breaker is None or breaker.state is BreakerState.CLOSED:
            return _CLOSED  # the success path takes no lock
        with self._lock:
            if breaker.state is BreakerState.OPEN:
                waited = self.clock() - breaker.opened_at
                if waited < policy.recovery_timeout:
                    return Admission(False, BreakerState.OPEN, policy.recovery_timeout - waited)
                breaker.state, breaker.probes = BreakerState.HALF_OPEN, 1
                return Admission(True, BreakerState.HALF_OPEN, transition=BreakerState.HALF_OPEN)
            if breaker.state is BreakerState.HALF_OPEN and breaker.probes < policy.half_open_probes:
                breaker.probes += 1
                return Admission(True, BreakerState.HALF_OPEN)
            return Admission(False, breaker.state, 0.0)

    def succeeded(self, name: str, admission: Admission) -> BreakerState | None:
        breaker = self._breakers.get(name)
        if breaker is None or (breaker.state is BreakerState.CLOSED and not breaker.failures):
            return None
        with self._lock:
            changed = breaker.state is not BreakerState.CLOSED
            breaker.state, breaker.failures, breaker.probes = BreakerState.CLOSED, 0, 0
            return BreakerState.CLOSED if changed else None

    def failed(self, name: str, policy: BreakerPolicy) -> BreakerState | None:
        with self._lock:
            breaker = self._breakers.setdefault(name, _Breaker())
            if breaker.state is BreakerState.HALF_OPEN or (
                breaker.state is BreakerState.CLOSED
                and breaker.failures + 1 >= policy.failure_threshold
            ):
                breaker.state, breaker.opened_at, breaker.probes = (
                    BreakerState.OPEN,
                    self.clock(),
                    0,
                )
                breaker.failures += 1
                return BreakerState.OPEN
            breaker.failures += 1
            return None

    def state(self, name: str) -> BreakerState:
        breaker = self._breakers.get(name)
        return BreakerState.CLOSED if breaker is None else breaker.state


_CLOSED = Admission(True, BreakerState.CLOSED)


@dataclass
class StoreFallbacks:
    """How a shared breaker store has been doing (exposed at /metrics)."""

    steps: int = 0
    """Breaker steps served by the local store because the shared one was unreachable."""
    outages: int = 0
    """Times the shared store became unreachable."""
    is_degraded: bool = False
    """True while the local store stands in."""


class FallbackBreakerStore:
    """A shared store (Redis) that degrades to a local one while it cannot be reached, so
    a breaker store never fails a call by itself. The outage is logged once; the shared
    store is tried again after ``first_retry`` seconds, doubling up to ``max_retry``, by
    one caller at a time (the others keep using the local store meanwhile)."""

    def __init__(
        self,
        shared: BreakerStore,
        local: BreakerStore | None = None,
        *,
        first_retry: float = 1.0,
        max_retry: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shared = shared
        self.local: BreakerStore = local or MemoryBreakerStore()
        self.first_retry, self.max_retry = first_retry, max_retry
        self.clock = clock
        self.stats = StoreFallbacks()
        self._backoff = first_retry
        self._retry_at = 0.0
        self._lock = threading.Lock()

    def admit(self, name: str, policy: BreakerPolicy) -> Admission:
        return self._step(lambda store: store.admit(name, policy))

    def succeeded(self, name: str, admission: Admission) -> BreakerState | None:
        return self._step(lambda store: store.succeeded(name, admission))

    def failed(self, name: str, policy: BreakerPolicy) -> BreakerState | None:
        return self._step(lambda store: store.failed(name, policy))

    def state(self, name: str) -> BreakerState:
        return self._step(lambda store: store.state(name))

    def close(self) -> None:
        """Close the shared store's connection."""
        close: Any = getattr(self.shared, "close", None)
        if close is not None:
            close()

    def _step(self, step: Callable[[BreakerStore], T]) -> T:
        if self.stats.is_degraded and not self._is_retry_due():
            self.stats.steps += 1
            return step(self.local)
        try:
            result = step(self.shared)
        except Exception as error:  # noqa: BLE001 - a breaker store never fails a call
            self._lost(error)
            self.stats.steps += 1
            return step(self.local)
        if self.stats.is_degraded:
            self._recovered()
        return result

    def _is_retry_due(self) -> bool:
        with self._lock:
            now = self.clock()
            if now < self._retry_at:
                return False
            self._retry_at = now + self._backoff  # this caller probes; the others wait
            return True

    def _lost(self, error: Exception) -> None:
        with self._lock:
            if self.stats.is_degraded:
                self._backoff = min(self._backoff * 2, self.max_retry)
            else:
                self.stats.is_degraded, self._backoff = True, self.first_retry
                self.stats.outages += 1
                logger.warning(
                    "the shared circuit breaker store is unreachable (%s); breakers are "
                    "kept in this process until it answers again",
                    type(error).__name__,
                )
            self._retry_at = self.clock() + self._backoff

    def _recovered(self) -> None:
        with self._lock:
            if self.stats.is_degraded:
                self.stats.is_degraded, self._backoff = False, self.first_retry
                logger.warning("the shared circuit breaker store answers again; using it")
