"""Create credit_users.

Revision ID: user_management_001
"""

import sqlalchemy as sa
from alembic import op

revision = "user_management_001"
down_revision = None
branch_labels = ("user_management",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credit_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_credit_users"),
        sa.UniqueConstraint("tenant", "email", name="uq_credit_users_tenant_email"),
    )
    op.create_index("ix_credit_users_tenant", "credit_users", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_credit_users_tenant", "credit_users")
    op.drop_table("credit_users")
