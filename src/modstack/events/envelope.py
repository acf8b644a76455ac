"""What a handler can know about the outbox delivery it runs in: the event's id (to make
the handler idempotent) and which attempt this is.

    from modstack.events import current_delivery

    def send_invoice(event: OrderPlaced) -> None:
        delivery = current_delivery()
        key = delivery.idempotency_key if delivery else f"order-{event.order_id}"
        ...  # skip the work if `key` was done already
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OutboxDelivery:
    """The outbox event a handler is being called for."""

    event_id: int
    """The event's id in the outbox: the same on every attempt, unique per event."""
    attempt: int
    """1 on the first delivery, 2 on the next (a retry, or a takeover after a crash)..."""
    tenant: str

    @property
    def idempotency_key(self) -> str:
        """A stable key for the event (``modstack-outbox:<id>``), for handlers that record
        what they have done or pass a key to another system."""
        return f"modstack-outbox:{self.event_id}"


_current: ContextVar[OutboxDelivery | None] = ContextVar("modstack_outbox_delivery", default=None)


def current_delivery() -> OutboxDelivery | None:
    """The outbox delivery the calling handler runs in; None when the event was published
    directly (``bus.publish``), not delivered from the outbox."""
    return _current.get()


@contextmanager
def delivering(delivery: OutboxDelivery) -> Iterator[None]:
    """Make ``delivery`` the current one while the block runs (async handlers started in
    the block inherit it)."""
    token = _current.set(delivery)
    try:
        yield
    finally:
        _current.reset(token)
