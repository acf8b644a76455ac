"""Readiness of the tenancy store, checked cheaply: one probe answer is reused for
``ttl`` seconds, so a busy ``/health`` costs one round trip a second, not one a call."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Engine


class StoreProbe:
    """Whether ``check()`` last succeeded, re-checked when older than ``ttl`` seconds."""

    def __init__(
        self,
        check: Callable[[], None],
        *,
        ttl: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.check = check
        self.ttl = ttl
        self.clock = clock
        self._lock = threading.Lock()
        self._answer: tuple[float, bool] | None = None

    def cached(self) -> bool | None:
        """The last answer while it is fresh, else None (call :meth:`refresh`)."""
        answer = self._answer
        if answer is None or self.clock() - answer[0] >= self.ttl:
            return None
        return answer[1]

    def refresh(self) -> bool:
        """Probe now (blocking; one probe at a time, later callers reuse its answer)."""
        with self._lock:
            fresh = self.cached()
            if fresh is not None:
                return fresh
            try:
                self.check()
                ready = True
            except (exc.SQLAlchemyError, OSError):
                ready = False
            self._answer = (self.clock(), ready)
            return ready


def engine_check(engine: Engine) -> Callable[[], None]:
    """A check that runs ``SELECT 1`` on ``engine`` (raises when it cannot)."""

    def check() -> None:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))

    return check
