"""Where run-time settings live: modstack's database (values per scope, their audit, a
version other workers watch)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from modstack.config.changes import ConfigChanged
from modstack.db.tables import settings as settings_table
from modstack.db.tables import settings_audit, settings_version
from modstack.tenancy.store import TenancyStore


class SettingsStore:
    """Stored setting values by scope (``*`` for every tenant, or a tenant)."""

    def __init__(self, store: TenancyStore) -> None:
        self.store = store
        self.engine = store.engine

    def stored(self, code: str) -> dict[str, dict[str, Any]]:
        query = sa.select(settings_table).where(settings_table.c.module == code)
        with self.store.database.reading() as connection:
            rows = connection.execute(query).all()
        stored: dict[str, dict[str, Any]] = {}
        for row in rows:
            stored.setdefault(row.scope, {})[row.field] = json.loads(row.value)
        return stored

    def write(
        self,
        scope: str,
        changes: list[ConfigChanged],
        sealed: Mapping[tuple[str, str], Any],
        *,
        actor: str,
        reason: str,
    ) -> list[ConfigChanged]:
        """Store the changes in one transaction under the settings lock; each change's
        ``old`` is read inside it, so concurrent writers line up in one serial order.
        A secret change stores its ``sealed[(module, field)]`` (encrypted) value, and its
        audit row only the masks the change carries."""
        now = datetime.now(UTC)
        written = []
        with self.store.transaction() as connection:  # one transaction, serialised like plans
            connection.execute(sa.select(settings_version.c.version).with_for_update()).scalar_one()
            for change in changes:
                key = (
                    (settings_table.c.scope == scope)
                    & (settings_table.c.module == change.module)
                    & (settings_table.c.field == change.field)
                )
                stored = connection.execute(sa.select(settings_table.c.value).where(key)).scalar()
                if stored is not None and not change.secret:
                    change = replace(change, old=json.loads(stored))
                value = sealed[(change.module, change.field)] if change.secret else change.new
                written.append(change)
                connection.execute(sa.delete(settings_table).where(key))
                connection.execute(
                    sa.insert(settings_table).values(
                        scope=scope,
                        module=change.module,
                        field=change.field,
                        value=json.dumps(value),
                        updated_at=now,
                    )
                )
                connection.execute(
                    sa.insert(settings_audit).values(
                        scope=scope,
                        module=change.module,
                        field=change.field,
                        old=json.dumps(change.old),
                        new=json.dumps(change.new),
                        actor=actor,
                        reason=reason,
                        at=now,
                    )
                )
            connection.execute(
                sa.update(settings_version).values(version=settings_version.c.version + 1)
            )
        return written

    def audit(self, *, limit: int = 50) -> list[dict[str, Any]]:
        """Setting changes, newest first."""
        query = sa.select(settings_audit).order_by(settings_audit.c.id.desc()).limit(limit)
        with self.store.database.reading() as connection:
            return [
                {
                    "scope": r.scope,
                    "module": r.module,
                    "field": r.field,
                    "old": json.loads(r.old or "null"),
                    "new": json.loads(r.new or "null"),
                    "actor": r.actor,
                    "reason": r.reason,
                }
                for r in connection.execute(query)
            ]

    def version(self) -> int:
        with self.store.database.reading() as connection:
            return int(connection.execute(sa.select(settings_version.c.version)).scalar_one())
