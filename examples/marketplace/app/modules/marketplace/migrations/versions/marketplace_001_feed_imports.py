"""Create feed_imports.

Revision ID: marketplace_001
"""

import sqlalchemy as sa
from alembic import op

revision = "marketplace_001"
down_revision = None
branch_labels = ("marketplace",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_imported", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_feed_imports"),
    )
    op.create_index("ix_feed_imports_tenant", "feed_imports", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_feed_imports_tenant", "feed_imports")
    op.drop_table("feed_imports")
