"""Create customers and customer_orders.

Revision ID: customers_001
"""

import sqlalchemy as sa
from alembic import op

revision = "customers_001"
down_revision = None
branch_labels = ("customers",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
        sa.UniqueConstraint("tenant", "email", name="uq_customers_tenant_email"),
    )
    op.create_table(
        "customer_orders",
        sa.Column("order_number", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name="fk_customer_orders_customer_id_customers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("order_number", name="pk_customer_orders"),
    )
    op.create_index("ix_customer_orders_customer_id", "customer_orders", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_customer_orders_customer_id", "customer_orders")
    op.drop_table("customer_orders")
    op.drop_table("customers")
