"""Failed sign-ins counted in Redis (``MODSTACK_REDIS_URL``): every worker and every host
of the app shares the counts, so ``--workers N`` no longer gives a guesser ``N * limit``
tries. Each step is one Lua script (atomic) on the Redis server's clock.

The rules are :class:`~modstack.web.throttle.SignInThrottle`'s: after ``limit`` failures
of a key within ``window`` seconds, the key waits until the oldest of them leaves the
window; a correct credential forgets the key's failures. While Redis cannot be reached,
failures are counted in the process (logged), and they still count once Redis is back,
until they leave the window: a guesser is never unthrottled by an outage.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Hashable
from typing import Any, Protocol

from modstack.redis_support import redis_module

logger = logging.getLogger("modstack.web")

NAMESPACE = "modstack:signin"

_NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n"

RETRY_AFTER = (
    _NOW
    + """
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local wait = 0
for _, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
return tostring(wait)
"""
)

FAILED = (
    _NOW
    + """
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, t[1] .. '.' .. t[2] .. ':' .. ARGV[3])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  redis.call('ZREMRANGEBYRANK', key, 0, -(limit + 1))
  redis.call('PEXPIRE', key, math.ceil(window * 1000))
end
return 0
"""
)


class Throttle(Protocol):
    """What a sign-in throttle does: :class:`~modstack.web.throttle.SignInThrottle` in
    one process, :class:`RedisThrottle` across workers."""

    def retry_after(self, *keys: Hashable) -> float | None:
        """Seconds until any of ``keys`` may try again; None when none is refused."""

    def failed(self, *keys: Hashable) -> None:
        """Count one failure against each of ``keys``."""

    def succeeded(self, *keys: Hashable) -> None:
        """Forget the failures of ``keys`` (a correct credential)."""


class RedisThrottle:
    """A :class:`Throttle` over Redis at ``url`` (``retry_after(*keys)`` before checking a
    credential; ``failed(*keys)`` or ``succeeded(*keys)`` after), counting in ``local``
    (a throttle with the same ``limit`` and ``window``) while Redis cannot be reached.
    Thread-safe."""

    def __init__(
        self,
        url: str,
        local: Throttle,
        *,
        limit: int = 10,
        window: float = 300.0,
        namespace: str = NAMESPACE,
        timeout: float = 1.0,
    ) -> None:
        self.local = local
        """Where failures are counted while Redis cannot be reached."""
        self.limit = limit
        self.window = window
        self.namespace = namespace
        client = _redis().Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._retry_after = client.register_script(RETRY_AFTER)
        self._failed = client.register_script(FAILED)
        self._client = client

    def retry_after(self, *keys: Hashable) -> float | None:
        """Seconds until any of ``keys`` may try again; None when none is refused."""
        local = self.local.retry_after(*keys) or 0.0
        try:
            shared = float(self._retry_after(keys=self._names(keys), args=self._args()))
        except Exception as error:  # noqa: BLE001 - unreachable, or answering nonsense
            _warn(error)
            shared = 0.0
        wait = max(shared, local)
        return wait if wait > 0 else None

    def failed(self, *keys: Hashable) -> None:
        """Count one failure against each of ``keys``."""
        try:
            self._failed(keys=self._names(keys), args=[*self._args(), secrets.token_hex(8)])
        except Exception as error:  # noqa: BLE001 - unreachable, or answering nonsense
            _warn(error)
            self.local.failed(*keys)

    def succeeded(self, *keys: Hashable) -> None:
        """Forget the failures of ``keys`` (a correct credential)."""
        self.local.succeeded(*keys)
        try:
            self._client.delete(*self._names(keys))
        except Exception as error:  # noqa: BLE001 - unreachable, or answering nonsense
            _warn(error)

    def close(self) -> None:
        """Close the connections to Redis (the stack does, when it closes)."""
        self._client.close()

    def _names(self, keys: tuple[Hashable, ...]) -> list[str]:
        return [
            f"{self.namespace}:{hashlib.sha256(repr(key).encode()).hexdigest()}" for key in keys
        ]

    def _args(self) -> list[Any]:
        return [self.limit, self.window]


def _warn(error: Exception) -> None:
    logger.warning(
        "sign-in throttle: Redis failed (%s: %s); counting in this process",
        type(error).__name__,
        error,
    )


def _redis() -> Any:
    return redis_module("the Redis sign-in throttle")
