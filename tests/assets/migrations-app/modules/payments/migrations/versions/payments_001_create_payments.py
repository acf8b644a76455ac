"""Create the payments table.

Revision ID: payments_001
"""

import sqlalchemy as sa
from alembic import op

revision = "payments_001"
down_revision = None
branch_labels = ("payments",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("amount", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("payments")
