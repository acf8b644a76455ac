"""Create credit_audit_entries.

Revision ID: audit_module_001
"""

import sqlalchemy as sa
from alembic import op

revision = "audit_module_001"
down_revision = None
branch_labels = ("audit_module",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credit_audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_credit_audit_entries"),
    )
    op.create_index(
        "ix_credit_audit_entries_tenant_subject", "credit_audit_entries", ["tenant", "subject"]
    )


def downgrade() -> None:
    op.drop_index("ix_credit_audit_entries_tenant_subject", "credit_audit_entries")
    op.drop_table("credit_audit_entries")
