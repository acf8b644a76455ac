"""A circuit breaker per service operation: closed -> open after N consecutive failures
-> half-open after the recovery timeout, letting a limited number of probes through ->
closed on a probe's success, open again on its failure.

The state lives in a store: in this process (``MemoryBreakerStore``), or in Redis
(``RedisBreakerStore``) so every worker opens and closes together. Each store makes each
step atomic.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


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
