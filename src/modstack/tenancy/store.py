"""The SQL store behind tenancy: one transaction per plan, serialised per tenant.

SQLite (the embedded default) runs in WAL mode with a busy timeout, and takes the write
lock when a write transaction begins (``BEGIN IMMEDIATE``). PostgreSQL locks the tenant's
row (``SELECT ... FOR UPDATE``) and sends ``pg_notify`` inside the transaction, so other
processes hear of a change exactly when it commits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine

from modstack.db import Database, write_transaction
from modstack.db.tables import audit, plans, task_refusals, tenant_modules, tenants
from modstack.errors import TenantExistsError, TenantNotFound
from modstack.tenancy.plan import Plan
from modstack.tenancy.state import Actor, ModuleState, TenantState

NOTIFY_CHANNEL = "modstack_tenancy"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One module's change for one tenant: who, when, what, why, and the plan."""

    id: int
    plan_id: str
    tenant: str
    code: str
    before: ModuleState
    after: ModuleState
    why: str
    actor: str
    reason: str
    at: datetime

    def as_data(self) -> dict[str, Any]:
        """The record as JSON-ready data."""
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "tenant": self.tenant,
            "code": self.code,
            "before": self.before.value,
            "after": self.after.value,
            "why": self.why,
            "actor": self.actor,
            "reason": self.reason,
            "at": self.at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """An applied plan as stored: the request behind a group of audit records."""

    id: str
    tenant: str
    action: str
    code: str
    base_version: int
    actor: str
    reason: str
    applied_at: datetime


@dataclass(frozen=True, slots=True)
class TenantInfo:
    """A tenant as listed: its name, version, creation time and stored module count."""

    tenant: str
    version: int
    created_at: datetime
    modules: int

    def as_data(self) -> dict[str, Any]:
        """The tenant as JSON-ready data."""
        return {
            "tenant": self.tenant,
            "version": self.version,
            "modules": self.modules,
            "created_at": self.created_at.isoformat(),
        }


class TenancyStore:
    """Tenants, their enabled modules, plans and audit records, in SQL."""

    def __init__(
        self, url: str, *, engine: Engine | None = None, database: Database | None = None
    ) -> None:
        self.database = database or Database(url, engine=engine)
        """modstack's database, shared with stored settings, the outbox and migrations."""
        self.engine = self.database.engine
        self.url = self.database.url
        self.is_postgres = self.database.is_postgres
        self._guard = self.database.guard

    def migrate(self) -> None:
        """Bring modstack's tables to the newest revision (see ``Database.migrate``)."""
        self.database.migrate()

    # -- reads ------------------------------------------------------------------------

    def load(self, tenant: str) -> TenantState:
        """The stored state of ``tenant``. Raises TenantNotFound, StoreUnavailableError."""
        with self._guard(), self.engine.connect() as connection:
            return self._read(connection, tenant, lock=False)

    def versions(self, names: Iterable[str]) -> dict[str, int]:
        """The current version of each tenant in ``names`` that exists (one query)."""
        wanted = list(names)
        if not wanted:
            return {}
        query = sa.select(tenants.c.tenant, tenants.c.version).where(tenants.c.tenant.in_(wanted))
        with self._guard(), self.engine.connect() as connection:
            return {row.tenant: row.version for row in connection.execute(query)}

    def tenants(self) -> list[TenantInfo]:
        """Every tenant, by name."""
        count = (
            sa.select(sa.func.count())
            .where(tenant_modules.c.tenant == tenants.c.tenant)
            .scalar_subquery()
        )
        query = sa.select(tenants, count.label("modules")).order_by(tenants.c.tenant)
        with self._guard(), self.engine.connect() as connection:
            return [
                TenantInfo(row.tenant, row.version, _aware(row.created_at), row.modules)
                for row in connection.execute(query)
            ]

    def audit(self, *, tenant: str | None = None, limit: int | None = 50) -> list[AuditRecord]:
        """Audit records, newest first."""
        query = sa.select(audit).order_by(audit.c.id.desc()).limit(limit)
        if tenant is not None:
            query = query.where(audit.c.tenant == tenant)
        with self._guard(), self.engine.connect() as connection:
            return [_audit_record(row) for row in connection.execute(query)]

    def plans(self, *, tenant: str | None = None) -> list[PlanRecord]:
        """Applied plans, oldest first (the order they were serialised in, per tenant)."""
        query = sa.select(plans).order_by(plans.c.tenant, plans.c.base_version)
        if tenant is not None:
            query = query.where(plans.c.tenant == tenant)
        with self._guard(), self.engine.connect() as connection:
            return [
                PlanRecord(
                    r.id,
                    r.tenant,
                    r.action,
                    r.code,
                    r.base_version,
                    r.actor,
                    r.reason,
                    _aware(r.applied_at),
                )
                for r in connection.execute(query)
            ]

    # -- writes -----------------------------------------------------------------------

    def create(
        self, tenant: str, make_plan: Callable[[TenantState], Plan], *, actor: Actor, reason: str
    ) -> tuple[Plan, TenantState]:
        """Create ``tenant`` and apply the plan ``make_plan`` computes for its empty state.
        Raises TenantExistsError."""
        with self._write() as connection:
            inserted = connection.execute(
                sa.select(tenants.c.tenant).where(tenants.c.tenant == tenant)
            ).first()
            if inserted is not None:
                raise TenantExistsError(tenant)
            try:
                connection.execute(
                    sa.insert(tenants).values(tenant=tenant, version=0, created_at=_now())
                )
            except exc.IntegrityError:
                raise TenantExistsError(tenant) from None
            empty = TenantState(tenant, 0, frozenset(), frozenset())
            plan = make_plan(empty)
            return plan, self._apply(
                connection, empty, plan, actor=actor, reason=reason, force=True
            )

    def change(
        self, tenant: str, make_plan: Callable[[TenantState], Plan], *, actor: Actor, reason: str
    ) -> tuple[Plan, TenantState]:
        """Lock ``tenant``, compute the plan from its current state, and apply it — one
        transaction, so concurrent changes serialise. An empty plan writes nothing."""
        with self._write() as connection:
            state = self._read(connection, tenant, lock=True)
            plan = make_plan(state)
            return plan, self._apply(connection, state, plan, actor=actor, reason=reason)

    def apply_once(
        self, plan: Plan, check: Callable[[TenantState], None], *, actor: Actor, reason: str
    ) -> tuple[TenantState, bool]:
        """Lock the plan's tenant and apply ``plan`` unless a plan with its id was applied
        already — a retry after a lost commit, say: then change nothing. ``check`` may
        refuse the current state (raise) before a first application. Returns the tenant's
        state and whether this call applied the plan."""
        with self._write() as connection:
            state = self._read(connection, plan.tenant, lock=True)
            if self._was_applied(connection, plan):
                return state, False
            check(state)
            return self._apply(connection, state, plan, actor=actor, reason=reason), True

    def _was_applied(self, connection: Connection, plan: Plan) -> bool:
        query = sa.select(plans.c.id).where(
            (plans.c.id == plan.id) & (plans.c.tenant == plan.tenant)
        )
        return connection.execute(query).first() is not None

    def _apply(
        self,
        connection: Connection,
        state: TenantState,
        plan: Plan,
        *,
        actor: Actor,
        reason: str,
        force: bool = False,
    ) -> TenantState:
        if plan.is_empty and not force:
            return state
        now = _now()
        after = state.with_changes((c.code, c.after) for c in plan.changes)
        connection.execute(
            sa.insert(plans).values(
                id=plan.id,
                tenant=state.tenant,
                action=plan.action,
                code=plan.code,
                base_version=state.version,
                actor=actor.name,
                reason=reason,
                applied_at=now,
            )
        )
        for change in plan.changes:
            key = (tenant_modules.c.tenant == state.tenant) & (tenant_modules.c.code == change.code)
            connection.execute(sa.delete(tenant_modules).where(key))
            if change.after.is_on:
                enabled_by = "explicit" if change.after is ModuleState.ENABLED else "dependency"
                connection.execute(
                    sa.insert(tenant_modules).values(
                        tenant=state.tenant, code=change.code, enabled_by=enabled_by, changed_at=now
                    )
                )
        if plan.changes:
            connection.execute(
                sa.insert(audit),
                [
                    {
                        "plan_id": plan.id,
                        "tenant": state.tenant,
                        "code": c.code,
                        "before": c.before.value,
                        "after": c.after.value,
                        "why": c.why,
                        "actor": actor.name,
                        "reason": reason,
                        "at": now,
                    }
                    for c in plan.changes
                ],
            )
        connection.execute(
            sa.update(tenants).where(tenants.c.tenant == state.tenant).values(version=after.version)
        )
        if self.is_postgres:
            payload = json.dumps({"tenant": state.tenant, "version": after.version})
            connection.execute(sa.select(sa.func.pg_notify(NOTIFY_CHANNEL, payload)))
        return after

    def record_refusal(self, *, task: str, module: str, tenant: str, stage: str) -> None:
        """Keep a record of a task that was refused (its module was off for its tenant)."""
        with self._write() as connection:
            connection.execute(
                sa.insert(task_refusals).values(
                    task=task, module=module, tenant=tenant, stage=stage, at=_now()
                )
            )

    def refusals(self, *, limit: int = 50) -> list[dict[str, Any]]:
        """Refused tasks, newest first."""
        query = sa.select(task_refusals).order_by(task_refusals.c.id.desc()).limit(limit)
        with self._guard(), self.engine.connect() as connection:
            return [
                {"task": r.task, "module": r.module, "tenant": r.tenant, "stage": r.stage,
                 "at": _aware(r.at).isoformat()}
                for r in connection.execute(query)
            ]  # fmt: skip

    # -- plumbing ---------------------------------------------------------------------

    def _read(self, connection: Connection, tenant: str, *, lock: bool) -> TenantState:
        query = sa.select(tenants.c.version).where(tenants.c.tenant == tenant)
        version = connection.execute(query.with_for_update() if lock else query).scalar()
        if version is None:
            raise TenantNotFound(tenant)
        rows = connection.execute(
            sa.select(tenant_modules.c.code, tenant_modules.c.enabled_by).where(
                tenant_modules.c.tenant == tenant
            )
        ).all()
        explicit = frozenset(r.code for r in rows if r.enabled_by == "explicit")
        by_dependency = frozenset(r.code for r in rows if r.enabled_by != "explicit")
        return TenantState(tenant, version, explicit, by_dependency)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction serialised with every other writer of this store
        (SQLite: the write lock from the start; PostgreSQL: take row locks inside).
        Raises StoreUnavailableError, or CommitOutcomeUnknownError when the connection
        was lost while committing."""
        with self._write() as connection:
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._guard(), write_transaction(self.engine) as connection:
            yield connection

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.database.dispose()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _audit_record(row: Any) -> AuditRecord:
    return AuditRecord(
        row.id,
        row.plan_id,
        row.tenant,
        row.code,
        ModuleState(row.before),
        ModuleState(row.after),
        row.why,
        row.actor,
        row.reason,
        _aware(row.at),
    )
