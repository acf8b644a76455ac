"""Create analytics_sales.

Revision ID: analytics_001
"""

import sqlalchemy as sa
from alembic import op

revision = "analytics_001"
down_revision = None
branch_labels = ("analytics",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_sales",
        sa.Column("order_number", sa.String(32), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("revenue_cents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("order_number", name="pk_analytics_sales"),
    )
    op.create_index("ix_analytics_sales_tenant", "analytics_sales", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_analytics_sales_tenant", "analytics_sales")
    op.drop_table("analytics_sales")
