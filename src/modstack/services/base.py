"""``BaseService``: a service with retry, a circuit breaker per operation, a cache, a
fallback, metrics and health. Sync and async operations go through the same policy
objects; only the two small call drivers differ. The Django seed's helper names live in
``modstack.services.seed_names``."""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import os
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from tenacity import (
    AsyncRetrying,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from modstack.errors import CircuitOpenError, SettingError
from modstack.services.breaker import Admission, BreakerPolicy, BreakerState
from modstack.services.metrics import OperationStats
from modstack.services.runtime import ServiceRuntime, shared_runtime
from modstack.services.seed_names import BaseServiceSeedNames

SERVICE_SETTINGS: dict[str, dict[str, Any]] = {}
"""Per-service settings in code: ``{"payment_gateway": {"timeout": 5}}``;
``SERVICE_<NAME>_<KEY>`` environment variables take precedence."""


class NonRetryableError(Exception):
    """Subclass (or mix in) for errors a retry cannot fix: they are never retried."""


class BaseService(BaseServiceSeedNames):
    """Subclass, set ``service_name``, write operations as methods (sync or async), and
    call them through :meth:`call` to get retries, the breaker, metrics and fallback."""

    service_name: ClassVar[str] = ""
    version: ClassVar[str] = "1.0.0"
    retry_attempts: ClassVar[int] = 3
    retry_delay: ClassVar[float] = 0.1
    """First backoff in seconds; doubles each retry, with jitter, up to retry_max_delay."""
    retry_max_delay: ClassVar[float] = 5.0
    retry_on: ClassVar[tuple[type[BaseException], ...]] = (ConnectionError, TimeoutError)
    """Only these are retried (never cancellation, never a NonRetryableError)."""
    timeout: ClassVar[float | None] = None
    """Seconds one attempt may take."""
    cache_timeout: ClassVar[float] = 300.0
    failure_threshold: ClassVar[int] = 5
    recovery_timeout: ClassVar[float] = 60.0
    half_open_probes: ClassVar[int] = 1
    fallback_service: ClassVar[str | None] = None
    """A service with the same operations to call while this one's breaker is open."""

    def __init__(self, *, runtime: ServiceRuntime | None = None) -> None:
        self.runtime = runtime or shared_runtime()
        self.name = self.service_name or type(self).__name__
        self._apply_overrides()
        self.policy = BreakerPolicy(
            self.failure_threshold, self.recovery_timeout, self.half_open_probes
        )
        self._operations: dict[str, tuple[str, OperationStats, bool]] = {}
        self.in_flight = 0

    TUNABLE: ClassVar[tuple[str, ...]] = (
        "retry_attempts", "retry_delay", "retry_max_delay", "timeout", "cache_timeout",
        "failure_threshold", "recovery_timeout", "half_open_probes",
    )  # fmt: skip
    """What ``SERVICE_<NAME>_<KEY>`` variables and ``SERVICE_SETTINGS`` may set."""

    def _apply_overrides(self) -> None:
        # SERVICE_SETTINGS (in code), then SERVICE_<NAME>_<KEY> (environment).
        prefix = f"SERVICE_{self.name.upper().replace('-', '_')}_"
        configured = SERVICE_SETTINGS.get(self.name, {})
        for key in self.TUNABLE:
            raw = os.environ.get(prefix + key.upper(), configured.get(key))
            if raw is None:
                continue
            kind = int if isinstance(getattr(type(self), key), int) else float
            try:
                setattr(self, key, kind(raw))
            except (TypeError, ValueError):
                raise SettingError(
                    module=self.name, field=key, reason=f"expected a number, got {raw!r}",
                    source=prefix + key.upper(),
                ) from None  # fmt: skip

    # -- lifecycle ----------------------------------------------------------------------

    def initialize(self) -> bool | Awaitable[bool]:
        """Connect, validate configuration; return False to report a failed start."""
        return True

    def cleanup(self) -> bool | Awaitable[bool]:
        """Release what :meth:`initialize` acquired."""
        return True

    def health_check(self) -> bool | dict[str, Any] | Awaitable[bool | dict[str, Any]]:
        """The service's own check (override); the breakers are checked regardless."""
        return True

    def module_enabled(self, tenant: str, code: str) -> bool:
        """Whether module ``code`` is enabled for ``tenant``: how a service decides to use
        a module it requires only optionally. True when the app has no tenancy."""
        enabled = self.runtime.enabled
        return True if enabled is None else enabled(tenant, code)

    # -- calls --------------------------------------------------------------------------

    def call(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``operation`` through the breaker, retries, timeout and metrics. An async
        operation returns an awaitable. Raises CircuitOpenError while the breaker is open
        and no fallback is declared, or the operation's own error once retries are spent."""
        found = self._operations.get(operation) or self._operation(operation)
        method = getattr(self, operation)
        if found[2]:
            return self._acall(operation, method, args, kwargs)
        key, stats = found[0], found[1]
        admission = self._admit(key, operation, stats)
        if not admission.allowed:
            return self._open(operation, admission, args, kwargs)
        started = time.perf_counter()
        self.in_flight += 1
        try:
            result = (
                method(*args, **kwargs)
                if self.timeout is None
                else self._attempt(method, args, kwargs)
            )
        except BaseException as error:
            if self._retryable(error) and self.retry_attempts > 1:
                try:
                    time.sleep(self._first_backoff())
                    result = self._retry(method, args, kwargs)
                except BaseException as final:
                    self._failed(key, operation, stats, started)
                    raise final from None
            else:
                self._failed(key, operation, stats, started)
                raise
        finally:
            self.in_flight -= 1
        self._succeeded(key, operation, stats, started, admission)
        return result

    async def _acall(
        self, operation: str, method: Callable[..., Any], args: Any, kwargs: Any
    ) -> Any:
        key, stats, _ = self._operations.get(operation) or self._operation(operation)
        admission = self._admit(key, operation, stats)
        if not admission.allowed:
            fallback = self._open(operation, admission, args, kwargs)
            return await fallback if inspect.isawaitable(fallback) else fallback
        started = time.perf_counter()
        self.in_flight += 1
        try:
            result = await self._aattempt(method, args, kwargs)
        except BaseException as error:
            if self._retryable(error) and self.retry_attempts > 1:
                try:
                    await asyncio.sleep(self._first_backoff())
                    result = await self._aretry(method, args, kwargs)
                except BaseException as final:
                    self._failed(key, operation, stats, started)
                    raise final from None
            else:
                self._failed(key, operation, stats, started)
                raise
        finally:
            self.in_flight -= 1
        self._succeeded(key, operation, stats, started, admission)
        return result

    # -- helpers ------------------------------------------------------------------------

    def retrying(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run ``fn`` with this service's retry policy only (no breaker); an async ``fn``
        returns an awaitable."""
        if inspect.iscoroutinefunction(fn):
            return self._aretry(fn, args, kwargs, attempts=self.retry_attempts)
        return self._retry(fn, args, kwargs, attempts=self.retry_attempts)

    def cache_key(self, key: str) -> str:
        """Where this service's ``key`` lives in the shared cache (``<service>:<key>``)."""
        return f"{self.name}:{key}"

    def cached(self, key: str, compute: Callable[[], Any], timeout: float | None = None) -> Any:
        """The cached value of ``key`` or ``compute()``'s; concurrent misses compute once.
        An async ``compute`` returns an awaitable."""
        full, ttl = self.cache_key(key), timeout or self.cache_timeout
        if inspect.iscoroutinefunction(compute):
            return self.runtime.cache.aget_or_compute(full, compute, ttl)
        return self.runtime.cache.get_or_compute(full, compute, ttl)

    def breaker_state(self, operation: str) -> BreakerState:
        """The state of one operation's breaker."""
        return self.runtime.breakers.state(f"{self.name}.{operation}")

    def health_status(self) -> dict[str, Any]:
        """Status (healthy, degraded while a breaker is not closed), breakers and figures."""
        operations = self.runtime.metrics.summary(self.name)
        breakers = {op: self.breaker_state(op).value for op in operations}
        status = "healthy" if all(s == "closed" for s in breakers.values()) else "degraded"
        return {"service": self.name, "version": self.version, "status": status,
                "breakers": breakers, "operations": operations}  # fmt: skip

    # -- plumbing -----------------------------------------------------------------------

    def _operation(self, operation: str) -> tuple[str, OperationStats, bool]:
        found = (
            f"{self.name}.{operation}",
            self.runtime.metrics.of(self.name, operation),
            inspect.iscoroutinefunction(getattr(self, operation)),
        )
        self._operations[operation] = found
        return found

    def _admit(self, key: str, operation: str, stats: OperationStats) -> Admission:
        admission = self.runtime.breakers.admit(key, self.policy)
        if admission.transition is not None:
            self.runtime.transitioned(self.name, operation, admission.transition)
        if not admission.allowed:
            stats.rejected += 1
        return admission

    def _open(self, operation: str, admission: Admission, args: Any, kwargs: Any) -> Any:
        if self.fallback_service and self.runtime.lookup is not None:
            self.runtime.metrics.of(self.name, operation).fallbacks += 1
            return self.runtime.lookup(self.fallback_service).call(operation, *args, **kwargs)
        raise CircuitOpenError(service=self.name, operation=operation, retry_in=admission.retry_in)

    def _succeeded(
        self, key: str, operation: str, stats: OperationStats, started: float, admission: Admission
    ) -> None:
        stats.observe(time.perf_counter() - started)
        if admission.state is not BreakerState.CLOSED or admission.failures or stats.failures:
            moved = self.runtime.breakers.succeeded(key, admission)
            if moved is not None:
                self.runtime.transitioned(self.name, operation, moved)

    def _failed(self, key: str, operation: str, stats: OperationStats, started: float) -> None:
        stats.failures += 1
        stats.observe(time.perf_counter() - started)
        moved = self.runtime.breakers.failed(key, self.policy)
        if moved is not None:
            self.runtime.transitioned(self.name, operation, moved)

    def _first_backoff(self) -> float:
        return self.retry_delay + random.uniform(0, self.retry_delay)  # jitter, not secrecy

    def _retryable(self, error: BaseException) -> bool:
        return isinstance(error, self.retry_on) and not isinstance(error, NonRetryableError)

    def _attempt(self, method: Callable[..., Any], args: Any, kwargs: Any) -> Any:
        if self.timeout is None:
            return method(*args, **kwargs)
        future = self.runtime.executor().submit(method, *args, **kwargs)
        try:
            return future.result(timeout=self.timeout)
        except concurrent.futures.TimeoutError:
            raise TimeoutError(f"{self.name}: no answer within {self.timeout} s") from None

    async def _aattempt(self, method: Callable[..., Any], args: Any, kwargs: Any) -> Any:
        if self.timeout is None:
            return await method(*args, **kwargs)
        try:
            return await asyncio.wait_for(method(*args, **kwargs), self.timeout)
        except TimeoutError:
            raise TimeoutError(f"{self.name}: no answer within {self.timeout} s") from None

    def _retrying(self, attempts: int) -> dict[str, Any]:
        return {
            "stop": stop_after_attempt(attempts),
            "wait": wait_exponential(multiplier=self.retry_delay, max=self.retry_max_delay)
            + wait_random(0, self.retry_delay),  # exponential backoff with jitter
            "retry": retry_if_exception(
                self._retryable
            ),  # a positive predicate: never cancellation
            "reraise": True,
        }

    def _retry(
        self, method: Callable[..., Any], args: Any, kwargs: Any, *, attempts: int | None = None
    ) -> Any:
        for attempt in Retrying(**self._retrying(attempts or self.retry_attempts - 1)):
            with attempt:
                return self._attempt(method, args, kwargs)
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def _aretry(
        self, method: Callable[..., Any], args: Any, kwargs: Any, *, attempts: int | None = None
    ) -> Any:
        async for attempt in AsyncRetrying(**self._retrying(attempts or self.retry_attempts - 1)):
            with attempt:
                return await self._aattempt(method, args, kwargs)
        raise AssertionError("unreachable: tenacity re-raises the last error")
