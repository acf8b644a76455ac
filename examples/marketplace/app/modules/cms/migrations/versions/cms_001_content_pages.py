"""Create content_pages.

Revision ID: cms_001
"""

import sqlalchemy as sa
from alembic import op

revision = "cms_001"
down_revision = None
branch_labels = ("cms",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_content_pages"),
        sa.UniqueConstraint("tenant", "slug", name="uq_content_pages_tenant_slug"),
    )


def downgrade() -> None:
    op.drop_table("content_pages")
