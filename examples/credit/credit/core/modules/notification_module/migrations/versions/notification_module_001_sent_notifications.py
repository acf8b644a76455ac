"""Create credit_notifications.

Revision ID: notification_module_001
"""

import sqlalchemy as sa
from alembic import op

revision = "notification_module_001"
down_revision = None
branch_labels = ("notification_module",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credit_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_credit_notifications"),
        sa.UniqueConstraint("idempotency_key", name="uq_credit_notifications_idempotency_key"),
    )
    op.create_index("ix_credit_notifications_tenant", "credit_notifications", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_credit_notifications_tenant", "credit_notifications")
    op.drop_table("credit_notifications")
