"""Create checkout_attempts.

Revision ID: checkout_001
"""

import sqlalchemy as sa
from alembic import op

revision = "checkout_001"
down_revision = None
branch_labels = ("checkout",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkout_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("cart_id", sa.String(36), nullable=True),
        sa.Column("customer_email", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("order_number", sa.String(32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkout_attempts"),
    )
    op.create_index("ix_checkout_attempts_tenant", "checkout_attempts", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_checkout_attempts_tenant", "checkout_attempts")
    op.drop_table("checkout_attempts")
