"""Reloads that reach every worker: a request per reload, an outcome per worker.

Revision ID: modstack_006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "modstack_006"
down_revision = "modstack_005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "modstack_reload_requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(100), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "modstack_reload_outcomes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.Integer, nullable=False, index=True),
        sa.Column("worker", sa.String(200), nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("modstack_reload_outcomes")
    op.drop_table("modstack_reload_requests")
