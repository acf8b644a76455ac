"""Create credit_transactions and credit_ledger_entries.

Revision ID: transactions_module_001
"""

import sqlalchemy as sa
from alembic import op

revision = "transactions_module_001"
down_revision = None
branch_labels = ("transactions_module",)
depends_on = "wallet_module_001"


def upgrade() -> None:
    op.create_table(
        "credit_transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("source_wallet_id", sa.Integer(), nullable=True),
        sa.Column("target_wallet_id", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(100), nullable=True),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name="ck_credit_transactions_amount_positive"),
        sa.ForeignKeyConstraint(
            ["source_wallet_id"],
            ["credit_wallets.id"],
            name="fk_credit_transactions_source_wallet_id_credit_wallets",
        ),
        sa.ForeignKeyConstraint(
            ["target_wallet_id"],
            ["credit_wallets.id"],
            name="fk_credit_transactions_target_wallet_id_credit_wallets",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_credit_transactions"),
        sa.UniqueConstraint("tenant", "idempotency_key", name="uq_credit_transactions_key"),
    )
    op.create_index(
        "ix_credit_transactions_tenant_day", "credit_transactions", ["tenant", "booked_on"]
    )
    op.create_table(
        "credit_ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("wallet_id", sa.Integer(), nullable=False),
        sa.Column("delta_cents", sa.BigInteger(), nullable=False),
        sa.Column("balance_after_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["credit_transactions.id"],
            name="fk_credit_ledger_entries_transaction_id_credit_transactions",
        ),
        sa.ForeignKeyConstraint(
            ["wallet_id"],
            ["credit_wallets.id"],
            name="fk_credit_ledger_entries_wallet_id_credit_wallets",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_credit_ledger_entries"),
    )
    op.create_index(
        "ix_credit_ledger_entries_transaction_id", "credit_ledger_entries", ["transaction_id"]
    )
    op.create_index("ix_credit_ledger_entries_wallet_id", "credit_ledger_entries", ["wallet_id"])


def downgrade() -> None:
    op.drop_index("ix_credit_ledger_entries_wallet_id", "credit_ledger_entries")
    op.drop_index("ix_credit_ledger_entries_transaction_id", "credit_ledger_entries")
    op.drop_table("credit_ledger_entries")
    op.drop_index("ix_credit_transactions_tenant_day", "credit_transactions")
    op.drop_table("credit_transactions")
