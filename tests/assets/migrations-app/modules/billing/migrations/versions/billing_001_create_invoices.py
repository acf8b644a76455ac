"""Create the invoices table (it refers to payments).

Revision ID: billing_001
"""

import sqlalchemy as sa
from alembic import op

revision = "billing_001"
down_revision = None
branch_labels = ("billing",)
depends_on = "payments_001"


def upgrade() -> None:
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("payment_id", sa.Integer(), sa.ForeignKey("payments.id"), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("invoices")
