"""The audit trail listens to the database's changes and writes one row per change into
the changing transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from credit.db import Change, Database

from .models import AuditEntry


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One audit row."""

    id: int
    tenant: str
    action: str
    subject: str
    actor: str
    details: dict[str, Any]
    created_at: datetime


class AuditTrail:
    """Records every :class:`Change` of ``database``; reads them back per tenant."""

    def __init__(self, database: Database) -> None:
        self.database = database
        database.on_change(self.record)

    @staticmethod
    def record(session: Session, change: Change) -> None:
        """Add the change's row to the session (so it commits with the change)."""
        session.add(
            AuditEntry(
                tenant=change.tenant,
                action=change.action,
                subject=change.subject,
                actor=change.actor,
                details=change.details,
                created_at=datetime.now(UTC),
            )
        )

    def entries(
        self, tenant: str, *, subject: str | None = None, limit: int = 100
    ) -> list[AuditRecord]:
        """The tenant's rows, newest first, optionally for one subject (``user:3``)."""
        query = sa.select(AuditEntry).where(AuditEntry.tenant == tenant)
        if subject is not None:
            query = query.where(AuditEntry.subject == subject)
        with self.database.read() as session:
            rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit))
            return [
                AuditRecord(r.id, r.tenant, r.action, r.subject, r.actor, r.details, r.created_at)
                for r in rows
            ]
