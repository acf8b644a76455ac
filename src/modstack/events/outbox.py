"""The outbox: events that must not be lost are written in the same transaction as the
change they announce, and delivered after it commits — retried until their handlers
succeed, or marked failed for ``modstack events redeliver``."""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from modstack.events.bus import EventBus
from modstack.tenancy.store import TenancyStore
from modstack.tenancy.tables import outbox

logger = logging.getLogger("modstack.events")

Status = Literal["pending", "delivering", "delivered", "failed"]


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """One stored event."""

    id: int
    event_type: str
    tenant: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime

    def as_data(self) -> dict[str, Any]:
        """The entry as JSON-ready data."""
        return {**dataclasses.asdict(self), "created_at": self.created_at.isoformat()}


@dataclass(frozen=True, slots=True)
class OutboxReport:
    """What one delivery round did."""

    delivered: tuple[int, ...]
    retrying: tuple[int, ...]
    failed: tuple[int, ...]


def record_event(connection: Connection, event: object, *, tenant: str | None = None) -> int:
    """Write ``event`` to the outbox with the caller's connection, inside the caller's
    transaction: it exists exactly when the change it announces commits, and an
    :class:`Outbox` delivers it afterwards. Returns its id. Raises ValueError when the
    event names no tenant, TypeError when it is neither a dataclass nor a pydantic model."""
    who = tenant if tenant is not None else getattr(event, "tenant", None)
    if not isinstance(who, str):
        raise ValueError(f"{type(event).__name__} names no tenant")
    kind = type(event)
    row = connection.execute(
        sa.insert(outbox).values(
            event_type=f"{kind.__module__}:{kind.__qualname__}",
            tenant=who,
            payload=json.dumps(_payload(event), default=str),
            status="pending",
            attempts=0,
            created_at=datetime.now(UTC),
        )
    )
    return int(row.inserted_primary_key[0])  # type: ignore[index]


class Outbox:
    """Durable events over an :class:`EventBus` and modstack's database."""

    def __init__(self, bus: EventBus, store: TenancyStore, *, max_attempts: int = 5) -> None:
        self.bus = bus
        self.store = store
        self.max_attempts = max_attempts
        self._delivering = threading.Lock()

    def add(self, connection: Connection, event: object, *, tenant: str | None = None) -> int:
        """:func:`record_event`, as a method."""
        return record_event(connection, event, tenant=tenant)

    def deliver(self, *, limit: int = 100, wait: bool = True) -> OutboxReport:
        """Publish pending events, oldest first. An event whose handlers fail is retried
        on later rounds, up to ``max_attempts``, then marked failed. One round runs at a
        time per process; with ``wait=False`` a call made during another round returns at
        once (that round, or the next, delivers what it would have)."""
        if not self._delivering.acquire(blocking=wait):
            return OutboxReport((), (), ())
        try:
            return self._deliver(limit)
        finally:
            self._delivering.release()

    def _deliver(self, limit: int) -> OutboxReport:
        delivered: list[int] = []
        retrying: list[int] = []
        failed: list[int] = []
        for entry in self._due(limit):
            if not self._claim(entry.id):
                continue  # another process took it
            try:
                event = _rebuild(entry.event_type, self._payload_of(entry.id))
                outcome = self.bus.publish(event, tenant=entry.tenant)
                error = (
                    "; ".join(f"{module}: {reason}" for module, reason in outcome.failed) or None
                )
            except Exception as problem:  # noqa: BLE001 - a bad row must not stop the round
                error = f"{type(problem).__name__}: {problem}"
            attempts = entry.attempts + 1
            if error is None:
                self._finish(entry.id, "delivered", attempts, None)
                delivered.append(entry.id)
            elif attempts >= self.max_attempts:
                self._finish(entry.id, "failed", attempts, error)
                failed.append(entry.id)
                logger.error(
                    "outbox event %s failed for good after %s attempts: %s",
                    entry.id,
                    attempts,
                    error,
                )
            else:
                self._finish(entry.id, "pending", attempts, error)
                retrying.append(entry.id)
        return OutboxReport(tuple(delivered), tuple(retrying), tuple(failed))

    def entries(self, *, status: str | None = None, limit: int = 50) -> list[OutboxEntry]:
        """Stored events, newest first."""
        query = sa.select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if status is not None:
            query = query.where(outbox.c.status == status)
        with self.store.engine.connect() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def counts(self) -> dict[str, int]:
        """How many stored events are in each status (statuses with none are left out)."""
        query = sa.select(outbox.c.status, sa.func.count()).group_by(outbox.c.status)
        with self.store.engine.connect() as connection:
            return {status: int(count) for status, count in connection.execute(query)}

    def redeliver(self, ids: list[int] | None = None) -> OutboxReport:
        """Give failed events (``ids``, or all of them) new attempts, and deliver them."""
        query = sa.update(outbox).where(outbox.c.status == "failed")
        if ids:
            query = query.where(outbox.c.id.in_(ids))
        with self.store.engine.begin() as connection:
            connection.execute(query.values(status="pending", attempts=0))
        return self.deliver()

    # -- plumbing ---------------------------------------------------------------------

    def _due(self, limit: int) -> list[OutboxEntry]:
        query = (
            sa.select(outbox).where(outbox.c.status == "pending").order_by(outbox.c.id).limit(limit)
        )
        with self.store.engine.connect() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def _claim(self, entry: int) -> bool:
        claim = sa.update(outbox).where((outbox.c.id == entry) & (outbox.c.status == "pending"))
        with self.store.engine.begin() as connection:
            return connection.execute(claim.values(status="delivering")).rowcount == 1

    def _payload_of(self, entry: int) -> dict[str, Any]:
        with self.store.engine.connect() as connection:
            text = connection.execute(
                sa.select(outbox.c.payload).where(outbox.c.id == entry)
            ).scalar_one()
        data: dict[str, Any] = json.loads(text)
        return data

    def _finish(self, entry: int, status: Status, attempts: int, error: str | None) -> None:
        values: dict[str, Any] = {"status": status, "attempts": attempts, "last_error": error}
        if status == "delivered":
            values["delivered_at"] = datetime.now(UTC)
        with self.store.engine.begin() as connection:
            connection.execute(sa.update(outbox).where(outbox.c.id == entry).values(**values))


def _payload(event: object) -> dict[str, Any]:
    if dataclasses.is_dataclass(event) and not isinstance(event, type):
        return dataclasses.asdict(event)
    dump = getattr(event, "model_dump", None)
    if dump is not None:
        data: dict[str, Any] = dump(mode="json")
        return data
    raise TypeError(f"{type(event).__name__} is neither a dataclass nor a pydantic model")


def _rebuild(event_type: str, payload: dict[str, Any]) -> object:
    module, _, qualname = event_type.partition(":")
    kind: Any = importlib.import_module(module)
    for part in qualname.split("."):
        kind = getattr(kind, part)
    validate = getattr(kind, "model_validate", None)
    return validate(payload) if validate is not None else kind(**payload)


def _entry(row: Any) -> OutboxEntry:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return OutboxEntry(
        row.id, row.event_type, row.tenant, row.status, row.attempts, row.last_error, created
    )
