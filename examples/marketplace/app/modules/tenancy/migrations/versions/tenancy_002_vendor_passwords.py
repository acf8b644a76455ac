"""Vendors sign in: a password hash per vendor.

Revision ID: tenancy_002
"""

import sqlalchemy as sa
from alembic import op

revision = "tenancy_002"
down_revision = "tenancy_001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("vendors") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vendors") as batch:
        batch.drop_column("password_hash")
