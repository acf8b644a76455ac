"""Failed sign-ins, counted: after ``limit`` failures for a key within ``window``
seconds, that key is refused until its oldest failure leaves the window. Keys name who
is guessing (a client address) and what is being guessed (an account), so guessing one
vendor's password from many addresses, or many passwords from one address, both stop.

The counts live in the process (bounded: the least recently failing keys are forgotten
first). Under ``--workers N`` each worker counts on its own, so a guesser gets at most
``N * limit`` tries per window; with ``MODSTACK_REDIS_URL`` the stack counts in Redis
instead (:class:`modstack.services.redis_throttle.RedisThrottle`), shared by every worker.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable


class SignInThrottle:
    """``retry_after(*keys)`` before checking a credential; ``failed(*keys)`` or
    ``succeeded(*keys)`` after. Thread-safe."""

    def __init__(
        self,
        *,
        limit: int = 10,
        window: float = 300.0,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0 or capacity < 1:
            raise ValueError(
                "SignInThrottle needs limit >= 1, window > 0 and capacity >= 1; got "
                f"limit={limit!r}, window={window!r}, capacity={capacity!r}"
            )
        self.limit = limit
        self.window = window
        self.capacity = capacity
        self._clock = clock
        self._failures: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, *keys: Hashable) -> float | None:
        """Seconds until any of ``keys`` may try again; None when none is refused."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                failures = self._recent(key, now)
                if failures is not None and len(failures) >= self.limit:
                    wait = max(wait, failures[0] + self.window - now)
        return wait if wait > 0 else None

    def failed(self, *keys: Hashable) -> None:
        """Count one failure against each of ``keys``."""
        now = self._clock()
        with self._lock:
            for key in keys:
                failures = self._recent(key, now) or deque(maxlen=self.limit)
                failures.append(now)
                self._failures[key] = failures
                self._failures.move_to_end(key)
            while len(self._failures) > self.capacity:
                self._failures.popitem(last=False)

    def succeeded(self, *keys: Hashable) -> None:
        """Forget the failures of ``keys`` (a correct credential)."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _recent(self, key: Hashable, now: float) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return None
        return failures
