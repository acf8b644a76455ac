"""The events outbox: events written with a change, delivered after it commits.

Revision ID: modstack_003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "modstack_003"
down_revision = "modstack_002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "modstack_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_type", sa.String(300), nullable=False),
        sa.Column("tenant", sa.String(100), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_modstack_outbox_status", "modstack_outbox", ["status"])


def downgrade() -> None:
    op.drop_index("ix_modstack_outbox_status", "modstack_outbox")
    op.drop_table("modstack_outbox")
