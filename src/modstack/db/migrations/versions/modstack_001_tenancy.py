"""Tenancy: tenants, their modules, plans and the audit log.

Revision ID: modstack_001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "modstack_001"
down_revision = None
branch_labels = ("modstack",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "modstack_tenants",
        sa.Column("tenant", sa.String(100), primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "modstack_tenant_modules",
        sa.Column(
            "tenant", sa.String(100), sa.ForeignKey("modstack_tenants.tenant"), primary_key=True
        ),
        sa.Column("code", sa.String(100), primary_key=True),
        sa.Column("enabled_by", sa.String(20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "modstack_plans",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "tenant", sa.String(100), sa.ForeignKey("modstack_tenants.tenant"), nullable=False
        ),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("base_version", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "modstack_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("plan_id", sa.String(32), sa.ForeignKey("modstack_plans.id"), nullable=False),
        sa.Column("tenant", sa.String(100), nullable=False),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("before", sa.String(20), nullable=False),
        sa.Column("after", sa.String(20), nullable=False),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_modstack_audit_tenant", "modstack_audit", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_modstack_audit_tenant", "modstack_audit")
    op.drop_table("modstack_audit")
    op.drop_table("modstack_plans")
    op.drop_table("modstack_tenant_modules")
    op.drop_table("modstack_tenants")
