"""Outbox leases: a claimed event carries who claimed it and until when, so an event
whose deliverer died is taken over by another process once the lease expires.

Revision ID: modstack_005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "modstack_005"
down_revision = "modstack_004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events left in 'delivering' by an older modstack have no lease: they count as
    # expired, so the next delivery round takes them over.
    op.add_column("modstack_outbox", sa.Column("claim", sa.String(32), nullable=True))
    op.add_column(
        "modstack_outbox", sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("modstack_outbox") as batch:
        batch.drop_column("claimed_until")
        batch.drop_column("claim")
