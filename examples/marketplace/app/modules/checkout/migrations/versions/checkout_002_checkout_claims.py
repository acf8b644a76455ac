"""Create checkout_claims: one checkout per cart at a time.

Revision ID: checkout_002
"""

import sqlalchemy as sa
from alembic import op

revision = "checkout_002"
down_revision = "checkout_001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkout_claims",
        sa.Column("cart_id", sa.String(36), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("cart_id", name="pk_checkout_claims"),
    )


def downgrade() -> None:
    op.drop_table("checkout_claims")
