"""modstack's own tables: tenants and their modules, plans and audit, task refusals, the
outbox and stored settings (created by the ``modstack`` Alembic branch)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

tenants = sa.Table(
    "modstack_tenants",
    metadata,
    sa.Column("tenant", sa.String(100), primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

tenant_modules = sa.Table(
    "modstack_tenant_modules",
    metadata,
    sa.Column("tenant", sa.String(100), sa.ForeignKey("modstack_tenants.tenant"), primary_key=True),
    sa.Column("code", sa.String(100), primary_key=True),
    sa.Column("enabled_by", sa.String(20), nullable=False),  # "explicit" | "dependency"
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
)

plans = sa.Table(
    "modstack_plans",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("tenant", sa.String(100), sa.ForeignKey("modstack_tenants.tenant"), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("base_version", sa.BigInteger, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

audit = sa.Table(
    "modstack_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_id", sa.String(32), sa.ForeignKey("modstack_plans.id"), nullable=False),
    sa.Column("tenant", sa.String(100), nullable=False, index=True),
    sa.Column("code", sa.String(100), nullable=False),
    sa.Column("before", sa.String(20), nullable=False),
    sa.Column("after", sa.String(20), nullable=False),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

task_refusals = sa.Table(
    "modstack_task_refusals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("task", sa.String(200), nullable=False),
    sa.Column("module", sa.String(100), nullable=False),
    sa.Column("tenant", sa.String(100), nullable=False),
    sa.Column("stage", sa.String(20), nullable=False),  # "enqueue" | "run"
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

outbox = sa.Table(
    "modstack_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_type", sa.String(300), nullable=False),
    sa.Column("tenant", sa.String(100), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("claim", sa.String(32), nullable=True),  # who is delivering it
    sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),  # the lease's end
)

settings = sa.Table(
    "modstack_settings",
    metadata,
    sa.Column("scope", sa.String(100), primary_key=True),  # "*" (every tenant) or a tenant
    sa.Column("module", sa.String(100), primary_key=True),
    sa.Column("field", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),  # JSON
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

settings_audit = sa.Table(
    "modstack_settings_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scope", sa.String(100), nullable=False),
    sa.Column("module", sa.String(100), nullable=False),
    sa.Column("field", sa.String(100), nullable=False),
    sa.Column("old", sa.Text, nullable=True),
    sa.Column("new", sa.Text, nullable=True),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

settings_version = sa.Table(
    "modstack_settings_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
)

reload_requests = sa.Table(
    "modstack_reload_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(100), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
)

reload_outcomes = sa.Table(
    "modstack_reload_outcomes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("request_id", sa.Integer, nullable=False, index=True),
    sa.Column("worker", sa.String(200), nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),  # JSON: ReloadResult.as_data()
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)
