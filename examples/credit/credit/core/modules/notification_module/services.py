"""Writing and sending the e-mails. Each e-mail has a key (the outbox event's, plus the
recipient); it is sent inside a transaction that records the key, so a second delivery of
the same event finds the key and sends nothing, and a failed send records nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage

import sqlalchemy as sa

from credit.db import Database, money

from ..transactions_module.events import MoneyMoved
from ..user_management.models import User
from .mail import SmtpSettings
from .models import SentNotification

SUBJECTS = {
    ("deposit", "target"): "Deposit of {amount} received",
    ("withdrawal", "source"): "Withdrawal of {amount}",
    ("transfer", "source"): "You sent {amount}",
    ("transfer", "target"): "You received {amount}",
}


@dataclass(frozen=True, slots=True)
class Sent:
    """One recorded e-mail."""

    tenant: str
    idempotency_key: str
    recipient: str
    subject: str


class Notifier:
    """Sends the e-mails events call for, each once."""

    def __init__(self, database: Database, smtp: SmtpSettings) -> None:
        self.database = database
        self.smtp = smtp

    def money_moved(self, event: MoneyMoved, key: str) -> int:
        """E-mail the users on each side of the movement; returns how many were sent now
        (0 when this event's e-mails went out before)."""
        amount = money(event.amount_cents, event.currency)
        sides = (("source", event.source_user_id), ("target", event.target_user_id))
        sent = 0
        for side, user_id in sides:
            if user_id is None:
                continue
            subject = SUBJECTS[(event.kind, side)].format(amount=amount)
            body = f"{subject}.\nTransaction {event.transaction_id} ({event.kind}).\n"
            sent += self._send_once(event.tenant, f"{key}:{side}", user_id, subject, body)
        return sent

    def sent(self, tenant: str) -> list[Sent]:
        """What was sent for the tenant, oldest first."""
        with self.database.read() as session:
            rows = session.scalars(
                sa.select(SentNotification)
                .where(SentNotification.tenant == tenant)
                .order_by(SentNotification.id)
            )
            return [Sent(r.tenant, r.idempotency_key, r.recipient, r.subject) for r in rows]

    def _send_once(self, tenant: str, key: str, user_id: int, subject: str, body: str) -> int:
        with self.database.write() as session:
            done = session.scalar(
                sa.select(SentNotification.id).where(SentNotification.idempotency_key == key)
            )
            user = session.get(User, user_id)
            if done is not None or user is None:
                return 0
            session.add(
                SentNotification(
                    tenant=tenant,
                    idempotency_key=key,
                    recipient=user.email,
                    subject=subject,
                    sent_at=datetime.now(UTC),
                )
            )
            session.flush()  # a concurrent sender of this key waits here, then finds it
            message = EmailMessage()
            message["From"] = self.smtp.sender
            message["To"] = f"{user.name} <{user.email}>"
            message["Subject"] = subject
            message["Message-ID"] = f"<{key.replace(':', '.')}@credit.invalid>"
            message.set_content(f"Hello {user.name},\n\n{body}")
            self.smtp.send(message)
            return 1
