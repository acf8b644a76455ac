"""Service caches: a TTL cache in this process, or Redis. Concurrent misses for one key
compute once (single flight), for threads and for coroutines alike.

A cached value is plain JSON data — None, bool, int, float, str, and lists and dicts
(with str keys) of them — in both caches, so what works in development works with
Redis; anything else is refused when it is set (CacheValueError). Redis holds the JSON
text: whoever can write to that Redis can change cached data, never run code, and a
value that is not valid JSON is a miss (logged).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from modstack.errors import CacheValueError

logger = logging.getLogger("modstack.services.cache")

_MISSING = object()
MAX_DEPTH = 100
"""How deeply lists and dicts may nest in a cached value."""
_SCALARS = (str, int, float, bool, type(None))


def check_cacheable(key: str, value: Any) -> None:
    """Refuse a value that is not plain JSON data (exact types: a tuple, a set, a
    subclass such as an enum, or a dict with non-str keys would not come back as it went
    in). Raises CacheValueError naming the key, where in the value, and what was found."""
    _check(key, value, "the value", 0)


def _check(key: str, value: Any, where: str, depth: int) -> None:
    kind = type(value)
    if kind in _SCALARS:
        return
    if depth >= MAX_DEPTH:
        raise CacheValueError(key=key, where=where, found=f"list or dict nested {MAX_DEPTH} deep")
    if kind is list:
        for index, item in enumerate(value):
            _check(key, item, f"{where}[{index}]", depth + 1)
    elif kind is dict:
        for name, item in value.items():
            if type(name) is not str:
                found = f"{type(name).__name__} ({name!r}); keys must be str"
                raise CacheValueError(key=key, where=f"a key of {where}", found=found)
            _check(key, item, f"{where}[{name!r}]", depth + 1)
    else:
        raise CacheValueError(key=key, where=where, found=kind.__qualname__)


class CacheBackend(Protocol):
    """Where cached values live."""

    def get(self, key: str) -> Any:
        """The value, or the module's ``MISSING`` sentinel."""

    def set(self, key: str, value: Any, ttl: float) -> None:
        """Keep ``value`` for ``ttl`` seconds. Raises CacheValueError for a value that
        is not plain JSON data."""

    def delete(self, key: str) -> None:
        """Forget ``key``."""


class MemoryCache:
    """A TTL cache in this process, bounded in size (oldest entries leave first)."""

    def __init__(
        self, *, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_entries = max_entries
        self.clock = clock
        self._entries: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= self.clock():
            return _MISSING
        return entry[1]

    def set(self, key: str, value: Any, ttl: float) -> None:
        check_cacheable(key, value)
        if len(self._entries) >= self.max_entries:
            for stale in list(self._entries)[: self.max_entries // 10 or 1]:
                self._entries.pop(stale, None)
        self._entries[key] = (self.clock() + ttl, value)

    def delete(self, key: str) -> None:
        self._entries.pop(key, None)


class RedisCache:
    """Values as JSON text in Redis with a TTL, under a namespace. A stored value that
    is not valid JSON (tampered, or left by another program) is a miss, logged."""

    def __init__(self, url: str, *, namespace: str = "modstack:cache:") -> None:
        import redis

        self.client: Any = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.namespace = namespace

    def get(self, key: str) -> Any:
        raw = self.client.get(self.namespace + key)
        if raw is None:
            return _MISSING
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):  # bad UTF-8 is a ValueError too
            logger.warning(
                "cache key %r in Redis holds %d bytes that are not JSON; treated as a miss",
                self.namespace + key,
                len(raw),
            )
            return _MISSING

    def set(self, key: str, value: Any, ttl: float) -> None:
        check_cacheable(key, value)
        text = json.dumps(value, separators=(",", ":"))
        self.client.set(self.namespace + key, text.encode(), px=max(1, int(ttl * 1000)))

    def delete(self, key: str) -> None:
        self.client.delete(self.namespace + key)


@dataclass
class _KeyLock:
    """The lock of one key and how many callers hold or wait for it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    users: int = 0


class SingleFlight:
    """Compute a missing value once however many callers miss it at the same time."""

    def __init__(self, backend: CacheBackend) -> None:
        self.backend = backend
        self._locks: dict[str, _KeyLock] = {}
        """Only keys being computed right now: an entry leaves with its last user."""
        self._futures: dict[str, asyncio.Future[Any]] = {}
        self._guard = threading.Lock()

    def get_or_compute(self, key: str, compute: Callable[[], Any], ttl: float) -> Any:
        """The cached value, or ``compute()``'s, stored for ``ttl`` seconds (errors are
        not cached)."""
        value = self.backend.get(key)
        if value is not _MISSING:
            return value
        with self._guard:
            entry = self._locks.setdefault(key, _KeyLock())
            entry.users += 1
        try:
            with entry.lock:
                value = self.backend.get(key)
                if value is _MISSING:
                    value = compute()
                    self.backend.set(key, value, ttl)
        finally:
            with self._guard:
                entry.users -= 1
                if entry.users == 0:
                    del self._locks[key]
        return value

    async def aget_or_compute(
        self, key: str, compute: Callable[[], Awaitable[Any]], ttl: float
    ) -> Any:
        """:meth:`get_or_compute` for coroutines: later callers await the first one's
        result instead of computing it again."""
        value = self.backend.get(key)
        if value is not _MISSING:
            return value
        pending = self._futures.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._futures[key] = future
        try:
            value = await compute()
            self.backend.set(key, value, ttl)
            future.set_result(value)
            return value
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        finally:
            del self._futures[key]


MISSING = _MISSING
