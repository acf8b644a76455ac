"""Settings set at run time (for every tenant or for one), their audit, and a version.

Revision ID: modstack_004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "modstack_004"
down_revision = "modstack_003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "modstack_settings",
        sa.Column("scope", sa.String(100), primary_key=True),
        sa.Column("module", sa.String(100), primary_key=True),
        sa.Column("field", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "modstack_settings_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(100), nullable=False),
        sa.Column("module", sa.String(100), nullable=False),
        sa.Column("field", sa.String(100), nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "modstack_settings_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO modstack_settings_version (id, version) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("modstack_settings_version")
    op.drop_table("modstack_settings_audit")
    op.drop_table("modstack_settings")
