"""Create billing_plans, billing_subscriptions and invoices.

Revision ID: billing_001
"""

import sqlalchemy as sa
from alembic import op

revision = "billing_001"
down_revision = None
branch_labels = ("billing",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "billing_plans",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("monthly_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_billing_plans"),
    )
    op.create_table(
        "billing_subscriptions",
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("plan_code", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_code"],
            ["billing_plans.code"],
            name="fk_billing_subscriptions_plan_code_billing_plans",
        ),
        sa.PrimaryKeyConstraint("tenant", name="pk_billing_subscriptions"),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_invoices"),
        sa.UniqueConstraint("number", name="uq_invoices_number"),
        sa.UniqueConstraint("source", name="uq_invoices_source"),
    )
    op.create_index("ix_invoices_tenant", "invoices", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_invoices_tenant", "invoices")
    op.drop_table("invoices")
    op.drop_table("billing_subscriptions")
    op.drop_table("billing_plans")
