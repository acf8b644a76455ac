"""Outbox handlers: found by modstack in this module's ``handlers.py``, called only for
tenants that have notification_module enabled."""

from __future__ import annotations

from credit import db
from modstack.events import current_delivery, handles

from ..transactions_module.events import MoneyMoved
from .mail import SmtpSettings
from .services import Notifier


@handles(MoneyMoved)
def email_money_moved(event: MoneyMoved) -> None:
    """E-mail both sides of a committed movement, once per outbox event."""
    delivery = current_delivery()
    key = (
        delivery.idempotency_key
        if delivery is not None
        else f"credit-transaction:{event.transaction_id}"
    )
    Notifier(db.current(), SmtpSettings.from_env()).money_moved(event, key)
