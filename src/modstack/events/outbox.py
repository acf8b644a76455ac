"""The outbox: events that must not be lost are written in the same transaction as the
change they announce, and delivered after it commits — at least once, even when the
delivering process dies: retried until their handlers succeed, or marked failed for
``modstack events redeliver``.

A delivery round claims each due event before calling its handlers: the claim counts an
attempt and holds a lease of ``lease`` seconds. A process that dies while delivering
leaves its claim behind; once the lease has expired, any process takes the event over
(or marks it failed when its attempts are used up). Handlers may therefore run more than
once for one event, and should be idempotent: :func:`current_delivery` gives them the
event's id.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from modstack.db.tables import outbox
from modstack.events.bus import EventBus
from modstack.events.envelope import OutboxDelivery, delivering
from modstack.tenancy.store import TenancyStore

logger = logging.getLogger("modstack.events")

Status = Literal["pending", "delivering", "delivered", "failed"]

DEFAULT_LEASE = 300.0
"""Seconds a delivering process holds an event before another may take it over."""


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
    claimed_until: datetime | None = None
    """While ``delivering``: when the lease of the process delivering it ends."""

    def as_data(self) -> dict[str, Any]:
        """The entry as JSON-ready data."""
        lease = self.claimed_until.isoformat() if self.claimed_until else None
        return {
            **dataclasses.asdict(self),
            "created_at": self.created_at.isoformat(),
            "claimed_until": lease,
        }


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
    """Durable events over an :class:`EventBus` and modstack's database.

    ``max_attempts`` bounds how often one event is claimed for delivery (a crash of the
    delivering process counts); ``lease`` is how many seconds a claim lasts before another
    process may take the event over — longer than any handler runs.
    """

    def __init__(
        self,
        bus: EventBus,
        store: TenancyStore,
        *,
        max_attempts: int = 5,
        lease: float = DEFAULT_LEASE,
    ) -> None:
        if max_attempts < 1:
            raise ValueError(f"Outbox: max_attempts must be at least 1, not {max_attempts}")
        if lease < 0:
            raise ValueError(f"Outbox: lease must be 0 seconds or more, not {lease}")
        self.bus = bus
        self.store = store
        self.max_attempts = max_attempts
        self.lease = lease
        self._delivering = threading.Lock()

    def add(self, connection: Connection, event: object, *, tenant: str | None = None) -> int:
        """:func:`record_event`, as a method."""
        return record_event(connection, event, tenant=tenant)

    def deliver(self, *, limit: int = 100, wait: bool = True) -> OutboxReport:
        """Publish due events, oldest first: pending ones, and those whose deliverer's
        lease expired (it died). Each is claimed first, which counts an attempt; an event
        whose handlers fail is retried on later rounds, and marked failed once it has had
        ``max_attempts``. One round runs at a time per process; with ``wait=False`` a call
        made during another round returns at once (that round, or the next, delivers what
        it would have)."""
        if not self._delivering.acquire(blocking=wait):
            return OutboxReport((), (), ())
        try:
            return self._deliver(limit)
        finally:
            self._delivering.release()

    def _deliver(self, limit: int) -> OutboxReport:
        outcomes: dict[Status, list[int]] = {"delivered": [], "pending": [], "failed": []}
        for entry in self._due(limit):
            if entry.status == "delivering" and entry.attempts >= self.max_attempts:
                if self._give_up(entry):
                    outcomes["failed"].append(entry.id)
                continue
            claim = self._claim(entry)
            if claim is None:
                continue  # another process took it
            attempt = entry.attempts + 1
            error = self._publish(entry, attempt)
            status = self._status_after(attempt, error)
            if not self._finish(entry.id, claim, status, error):
                continue  # another process took the event over; its outcome counts
            outcomes[status].append(entry.id)
            if status == "failed":
                logger.error(
                    "outbox event %s failed for good after %s attempts: %s",
                    entry.id,
                    attempt,
                    error,
                )
        return OutboxReport(
            tuple(outcomes["delivered"]), tuple(outcomes["pending"]), tuple(outcomes["failed"])
        )

    def _status_after(self, attempt: int, error: str | None) -> Status:
        if error is None:
            return "delivered"
        return "failed" if attempt >= self.max_attempts else "pending"

    def _publish(self, entry: OutboxEntry, attempt: int) -> str | None:
        """Call the event's handlers; what failed, or None."""
        try:
            event = _rebuild(entry.event_type, self._payload_of(entry.id))
            with delivering(OutboxDelivery(entry.id, attempt, entry.tenant)):
                outcome = self.bus.publish(event, tenant=entry.tenant)
        except Exception as problem:  # noqa: BLE001 - a bad row must not stop the round
            return f"{type(problem).__name__}: {problem}"
        return "; ".join(f"{module}: {reason}" for module, reason in outcome.failed) or None

    def entries(self, *, status: str | None = None, limit: int = 50) -> list[OutboxEntry]:
        """Stored events, newest first."""
        query = sa.select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if status is not None:
            query = query.where(outbox.c.status == status)
        with self.store.database.reading() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def counts(self) -> dict[str, int]:
        """How many stored events are in each status (statuses with none are left out)."""
        query = sa.select(outbox.c.status, sa.func.count()).group_by(outbox.c.status)
        with self.store.database.reading() as connection:
            return {status: int(count) for status, count in connection.execute(query)}

    def redeliver(self, ids: list[int] | None = None) -> OutboxReport:
        """Give failed events, and events stuck in ``delivering`` whose lease expired
        (``ids``, or all of them), new attempts, and deliver them. An event whose lease
        has not expired is being delivered, and is left alone."""
        query = sa.update(outbox).where((outbox.c.status == "failed") | _stuck(datetime.now(UTC)))
        if ids:
            query = query.where(outbox.c.id.in_(ids))
        with self.store.database.guard(), self.store.engine.begin() as connection:
            connection.execute(
                query.values(status="pending", attempts=0, claim=None, claimed_until=None)
            )
        return self.deliver()

    # -- plumbing ---------------------------------------------------------------------

    def _due(self, limit: int) -> list[OutboxEntry]:
        query = (
            sa.select(outbox)
            .where((outbox.c.status == "pending") | _stuck(datetime.now(UTC)))
            .order_by(outbox.c.id)
            .limit(limit)
        )
        with self.store.database.reading() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def _claim(self, entry: OutboxEntry) -> str | None:
        """Take ``entry`` for delivery, counting an attempt: a new claim token, or None
        when another process got there first."""
        now = datetime.now(UTC)
        claim = uuid.uuid4().hex
        update = (
            sa.update(outbox)
            .where(
                (outbox.c.id == entry.id)
                & (outbox.c.attempts == entry.attempts)
                & ((outbox.c.status == "pending") | _stuck(now))
            )
            .values(
                status="delivering",
                attempts=outbox.c.attempts + 1,
                claim=claim,
                claimed_until=now + timedelta(seconds=self.lease),
            )
        )
        with self.store.database.guard(), self.store.engine.begin() as connection:
            taken = connection.execute(update).rowcount == 1
        if taken and entry.status == "delivering":
            logger.warning(
                "outbox event %s: the process delivering it stopped before finishing (its "
                "lease expired); delivering it again, attempt %s of %s",
                entry.id,
                entry.attempts + 1,
                self.max_attempts,
            )
        return claim if taken else None

    def _give_up(self, entry: OutboxEntry) -> bool:
        """Mark an event failed whose last claim's process died and that has no attempts
        left (a handler that kills its process must not loop forever)."""
        error = (
            f"the process delivering it stopped before finishing (lease expired), "
            f"{entry.attempts} of {self.max_attempts} attempts used"
        )
        update = (
            sa.update(outbox)
            .where(
                (outbox.c.id == entry.id)
                & (outbox.c.attempts == entry.attempts)
                & _stuck(datetime.now(UTC))
            )
            .values(status="failed", claim=None, claimed_until=None, last_error=error)
        )
        with self.store.database.guard(), self.store.engine.begin() as connection:
            marked = connection.execute(update).rowcount == 1
        if marked:
            logger.error("outbox event %s failed for good: %s", entry.id, error)
        return marked

    def _payload_of(self, entry: int) -> dict[str, Any]:
        with self.store.database.reading() as connection:
            text = connection.execute(
                sa.select(outbox.c.payload).where(outbox.c.id == entry)
            ).scalar_one()
        data: dict[str, Any] = json.loads(text)
        return data

    def _finish(self, entry: int, claim: str, status: Status, error: str | None) -> bool:
        """Record the outcome, if the claim is still ours; whether it was."""
        values: dict[str, Any] = {
            "status": status,
            "last_error": error,
            "claim": None,
            "claimed_until": None,
        }
        if status == "delivered":
            values["delivered_at"] = datetime.now(UTC)
        mine = (outbox.c.id == entry) & (outbox.c.claim == claim)
        with self.store.database.guard(), self.store.engine.begin() as connection:
            finished = connection.execute(sa.update(outbox).where(mine).values(**values))
        if finished.rowcount == 0:
            logger.warning(
                "outbox event %s: its delivery outlasted the lease and another process took "
                "it over; this outcome (%s) is not recorded",
                entry,
                status,
            )
            return False
        return True


def _stuck(now: datetime) -> sa.ColumnElement[bool]:
    """Claimed by a process whose lease has expired (or, from before leases, by none)."""
    return (outbox.c.status == "delivering") & (
        outbox.c.claimed_until.is_(None) | (outbox.c.claimed_until < now)
    )


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
    lease = _aware(row.claimed_until) if row.claimed_until is not None else None
    return OutboxEntry(
        row.id,
        row.event_type,
        row.tenant,
        row.status,
        row.attempts,
        row.last_error,
        _aware(row.created_at),
        lease,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
