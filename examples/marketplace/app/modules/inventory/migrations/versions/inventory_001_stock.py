"""Create stock_levels and stock_reservations.

Revision ID: inventory_001
"""

import sqlalchemy as sa
from alembic import op

revision = "inventory_001"
down_revision = None
branch_labels = ("inventory",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stock_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("location", sa.String(64), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stock_levels"),
        sa.UniqueConstraint(
            "tenant", "sku", "location", name="uq_stock_levels_tenant_sku_location"
        ),
    )
    op.create_table(
        "stock_reservations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("location", sa.String(64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stock_reservations"),
    )
    op.create_index("ix_stock_reservations_reference", "stock_reservations", ["reference"])


def downgrade() -> None:
    op.drop_index("ix_stock_reservations_reference", "stock_reservations")
    op.drop_table("stock_reservations")
    op.drop_table("stock_levels")
