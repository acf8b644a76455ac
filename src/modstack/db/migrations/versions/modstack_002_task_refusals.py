"""Tasks refused because their module was off for their tenant.

Revision ID: modstack_002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "modstack_002"
down_revision = "modstack_001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "modstack_task_refusals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("task", sa.String(200), nullable=False),
        sa.Column("module", sa.String(100), nullable=False),
        sa.Column("tenant", sa.String(100), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("modstack_task_refusals")
