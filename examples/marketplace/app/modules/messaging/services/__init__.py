"""The messaging module's services."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..models import Notification
from ..schemas import NotificationOut


class Notifications(BaseService):
    """Notifications, each sent once per key."""

    service_name = "notifications"

    def notify(
        self, session: Session, tenant: str, *, key: str, recipient: str, subject: str, body: str
    ) -> NotificationOut:
        """Send (record) the notification for ``key`` — once: a repeat returns the first."""
        found = session.scalar(sa.select(Notification).where(Notification.key == key))
        if found is None:
            found = Notification(
                tenant=tenant,
                key=key,
                recipient=recipient,
                subject=subject,
                body=body,
                created_at=datetime.now(UTC),
            )
            session.add(found)
            session.flush()
        return NotificationOut.model_validate(found)

    def list(
        self, session: Session, tenant: str, *, recipient: str | None = None
    ) -> list[NotificationOut]:
        query = (
            sa.select(Notification)
            .where(Notification.tenant == tenant)
            .order_by(Notification.id.desc())
        )
        if recipient is not None:
            query = query.where(Notification.recipient == recipient)
        return [NotificationOut.model_validate(n) for n in session.scalars(query)]
