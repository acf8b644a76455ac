"""``ServiceRuntime``: what every service of one app shares — breaker state, the cache,
metrics, the transition listeners, and a way to find other services (fallbacks)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any, Protocol

from modstack.services.breaker import (
    BreakerState,
    BreakerStore,
    FallbackBreakerStore,
    MemoryBreakerStore,
)
from modstack.services.cache import CacheBackend, MemoryCache, SingleFlight
from modstack.services.metrics import ServiceMetrics

logger = logging.getLogger("modstack.services")

Transition = Callable[[str, str, BreakerState], None]
"""(service, operation, new state): the alerting hook."""


class FallbackTarget(Protocol):
    """What a declared fallback service must offer: a resilient ``call``."""

    def call(self, operation: str, /, *args: Any, **kwargs: Any) -> Any:
        """Run ``operation`` with the service's breaker, retries and metrics."""
        ...


class ServiceRuntime:
    """Shared by the services of one app. With ``redis_url``, breaker state and the cache
    live in Redis, so every worker opens and closes together; while Redis cannot be
    reached, breakers are kept in this process (see ``FallbackBreakerStore``)."""

    def __init__(
        self,
        *,
        breakers: BreakerStore | None = None,
        cache: CacheBackend | None = None,
        redis_url: str | None = None,
        enabled: Callable[[str, str], bool] | None = None,
    ) -> None:
        if redis_url and breakers is None:
            from modstack.services.redis_breaker import RedisBreakerStore

            breakers = FallbackBreakerStore(RedisBreakerStore(redis_url))
        if redis_url and cache is None:
            from modstack.services.cache import RedisCache

            cache = RedisCache(redis_url)
        self.breakers: BreakerStore = breakers or MemoryBreakerStore()
        self.cache = SingleFlight(cache or MemoryCache())
        self.metrics = ServiceMetrics()
        if isinstance(self.breakers, FallbackBreakerStore):
            self.metrics.breaker_store = self.breakers.stats
        self.listeners: list[Transition] = []
        self.lookup: Callable[[str], FallbackTarget] | None = None
        """Finds a service by name (set by the registry) for declared fallbacks."""
        self.enabled = enabled
        """``(tenant, code) -> bool``: whether a module is on for a tenant (the app's
        tenancy service's ``is_enabled``)."""
        self._executor: ThreadPoolExecutor | None = None

    def executor(self) -> ThreadPoolExecutor:
        """Threads for sync calls with a timeout (a hung call cannot hold the caller)."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=32, thread_name_prefix="modstack-service"
            )
        return self._executor

    def transitioned(self, service: str, operation: str, state: BreakerState) -> None:
        """Count and announce a breaker's move."""
        stats = self.metrics.of(service, operation)
        stats.transitions[state.value] = stats.transitions.get(state.value, 0) + 1
        log = logger.warning if state is BreakerState.OPEN else logger.info
        log("circuit of %s.%s is now %s", service, operation, state.value)
        for listener in list(self.listeners):
            try:
                listener(service, operation, state)
            except Exception:  # an alerting hook must not break the call path
                logger.exception("a breaker transition listener failed")

    def close(self) -> None:
        """Release threads and connections."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        for resource in (self.breakers, self.cache.backend):
            close: Any = getattr(resource, "close", None)
            if close is not None:
                close()


@cache
def shared_runtime() -> ServiceRuntime:
    """The runtime of services used on their own, outside an app (made on first use)."""
    return ServiceRuntime()
