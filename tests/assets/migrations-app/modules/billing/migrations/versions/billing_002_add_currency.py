"""Add a currency to invoices.

Revision ID: billing_002
"""

import sqlalchemy as sa
from alembic import op

revision = "billing_002"
down_revision = "billing_001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(sa.Column("currency", sa.String(3), nullable=False, server_default="EUR"))


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_column("currency")
