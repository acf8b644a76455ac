"""Reloads that reach every worker. A reload request is a row in modstack's database;
the notifier that carries tenancy and settings changes tells the other workers at once
(``modstack:reload``), and each worker also looks for new requests every
``MODSTACK_STALENESS`` seconds, since a notifier message may be lost. Every worker
reloads on its own and records its outcome: a worker whose reload fails keeps its old
code and says so. The worker that took the request gathers the outcomes."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from modstack.db.tables import reload_outcomes, reload_requests
from modstack.errors import ModuleNotFound

if TYPE_CHECKING:
    from modstack.stack import Stack

logger = logging.getLogger("modstack.reload")

NOTIFY_KEY = "modstack:reload"


def worker() -> str:
    """This process, as reload outcomes name it: host and pid, read at each call (a
    worker forked from a ``--preload`` master is not its parent)."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class ReloadReport:
    """Every worker's outcome of one reload request (as ``ReloadResult.as_data()``,
    with ``worker``)."""

    code: str
    workers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every worker that answered serves the new code."""
        return bool(self.workers) and all(w["ok"] for w in self.workers)

    def as_data(self) -> dict[str, Any]:
        """The report as JSON-ready data: the first worker's ``reloaded`` and ``notes``,
        the first failed worker's error, and each worker's outcome (``workers``)."""
        first = self.workers[0] if self.workers else {}
        error = next((w["error"] for w in self.workers if not w["ok"]), None)
        return {
            "module": self.code,
            "ok": self.ok,
            "reloaded": first.get("reloaded", []),
            "error": error if self.workers else "no worker answered",
            "notes": first.get("notes", []),
            "workers": self.workers,
        }


class Reloads:
    """One worker's part in reloads: answer requests, and gather the outcomes of its own."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.database = stack.tenancy.store.database
        self._last_seen: int | None = None
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._answered: dict[int, asyncio.Event] = {}

    def request(self, code: str) -> int:
        """Record a reload request for every worker and tell them; its id."""
        with self.database.transaction() as connection:
            request_id = connection.execute(
                sa.insert(reload_requests).values(code=code, requested_at=datetime.now(UTC))
            ).inserted_primary_key
        identifier = int(request_id[0]) if request_id else 0
        self.stack.tenancy.notifier.publish(NOTIFY_KEY, identifier)
        return identifier

    def heard(self, key: str, version: int) -> None:
        """A notifier message (from any thread): look for requests now."""
        if key == NOTIFY_KEY and self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def serve(self, stop: asyncio.Event) -> None:
        """Answer reload requests until ``stop`` (requests made before this worker
        started are not replayed: it loaded the code from disk)."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        interval = self.stack.settings.staleness
        while not stop.is_set():
            try:
                if self._last_seen is None:  # where to start (the database may be down)
                    self._last_seen = await asyncio.to_thread(self._newest)
                await self._answer_new()
            except Exception:  # a database outage must not end the loop
                logger.exception("reading reload requests failed; retrying in %s s", interval)
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
            self._wake.clear()

    async def reload_everywhere(
        self, code: str, *, settle: float = 1.0, timeout: float = 60.0
    ) -> ReloadReport:
        """Ask every worker to reload ``code``; the outcomes that arrived once this
        worker has answered and no other outcome came for ``settle`` seconds (at most
        ``timeout``). Raises ModuleNotFound."""
        if code not in self.stack.kernel.modules and self.stack.find_new(code) is None:
            self.stack.kernel.runtime(code)  # ModuleNotFound before asking anyone
        if self._wake is None or self._last_seen is None:  # not serving requests (yet)
            result = await self.stack.reload(code)
            return ReloadReport(code, [{"worker": worker(), **result.as_data()}])
        request_id = await asyncio.to_thread(self.request, code)
        answered = self._answered.setdefault(request_id, asyncio.Event())
        if self._wake is not None:
            self._wake.set()
        deadline = time.monotonic() + timeout
        try:
            await asyncio.wait_for(answered.wait(), timeout)
        finally:
            self._answered.pop(request_id, None)
        outcomes = await asyncio.to_thread(self._outcomes, request_id)
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < settle and time.monotonic() < deadline:
            await asyncio.sleep(min(0.1, settle))
            latest = await asyncio.to_thread(self._outcomes, request_id)
            if len(latest) != len(outcomes):
                outcomes, quiet_since = latest, time.monotonic()
        return ReloadReport(code, outcomes)

    async def _answer_new(self) -> None:
        rows = await asyncio.to_thread(self._requests_after, self._last_seen or 0)
        for request_id, code in rows:
            self._last_seen = request_id
            try:
                outcome = (await self.stack.reload(code)).as_data()
            except ModuleNotFound as error:
                outcome = {"module": code, "ok": False, "reloaded": [], "error": str(error),
                           "notes": []}  # fmt: skip
            await asyncio.to_thread(self._record, request_id, outcome)
            answered = self._answered.get(request_id)
            if answered is not None:
                answered.set()

    def _newest(self) -> int:
        with self.database.reading() as connection:
            newest = connection.execute(sa.select(sa.func.max(reload_requests.c.id))).scalar()
        return int(newest or 0)

    def _requests_after(self, seen: int) -> list[tuple[int, str]]:
        query = (
            sa.select(reload_requests.c.id, reload_requests.c.code)
            .where(reload_requests.c.id > seen)
            .order_by(reload_requests.c.id)
        )
        with self.database.reading() as connection:
            return [(int(row.id), str(row.code)) for row in connection.execute(query)]

    def _record(self, request_id: int, outcome: dict[str, Any]) -> None:
        with self.database.transaction() as connection:
            connection.execute(
                sa.insert(reload_outcomes).values(
                    request_id=request_id, worker=worker(), outcome=json.dumps(outcome),
                    at=datetime.now(UTC),
                )
            )  # fmt: skip

    def _outcomes(self, request_id: int) -> list[dict[str, Any]]:
        query = (
            sa.select(reload_outcomes.c.worker, reload_outcomes.c.outcome)
            .where(reload_outcomes.c.request_id == request_id)
            .order_by(reload_outcomes.c.id)
        )
        with self.database.reading() as connection:
            rows = connection.execute(query).all()
        return [{"worker": row.worker, **json.loads(row.outcome)} for row in rows]
