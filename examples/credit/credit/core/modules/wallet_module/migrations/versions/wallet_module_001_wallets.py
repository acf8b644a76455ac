"""Create credit_wallets, whose balance can never go below zero.

Revision ID: wallet_module_001
"""

import sqlalchemy as sa
from alembic import op

revision = "wallet_module_001"
down_revision = None
branch_labels = ("wallet_module",)
depends_on = "user_management_001"


def upgrade() -> None:
    op.create_table(
        "credit_wallets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("balance_cents", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("balance_cents >= 0", name="ck_credit_wallets_balance_not_negative"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["credit_users.id"], name="fk_credit_wallets_user_id_credit_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_credit_wallets"),
        sa.UniqueConstraint("user_id", "currency", name="uq_credit_wallets_user_currency"),
    )
    op.create_index("ix_credit_wallets_tenant", "credit_wallets", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_credit_wallets_tenant", "credit_wallets")
    op.drop_table("credit_wallets")
