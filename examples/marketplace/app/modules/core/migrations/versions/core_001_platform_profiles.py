"""Create platform_profiles.

Revision ID: core_001
"""

import sqlalchemy as sa
from alembic import op

revision = "core_001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_profiles",
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("tagline", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.PrimaryKeyConstraint("tenant", name="pk_platform_profiles"),
    )


def downgrade() -> None:
    op.drop_table("platform_profiles")
