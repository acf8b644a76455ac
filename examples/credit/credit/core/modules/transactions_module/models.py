"""The ledger: one row per transaction, one entry per wallet it moved money in or out of."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from credit.db import Base

KINDS = ("deposit", "withdrawal", "transfer")


class Transaction(Base):
    __tablename__ = "credit_transactions"
    __table_args__ = (
        sa.CheckConstraint("amount_cents > 0", name="amount_positive"),
        sa.UniqueConstraint("tenant", "idempotency_key", name="uq_credit_transactions_key"),
        sa.Index("ix_credit_transactions_tenant_day", "tenant", "booked_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(16))
    amount_cents: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    source_wallet_id: Mapped[int | None] = mapped_column(sa.ForeignKey("credit_wallets.id"))
    target_wallet_id: Mapped[int | None] = mapped_column(sa.ForeignKey("credit_wallets.id"))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(100))
    reference: Mapped[str] = mapped_column(sa.String(200))
    actor: Mapped[str] = mapped_column(sa.String(120))
    booked_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class LedgerEntry(Base):
    __tablename__ = "credit_ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[int] = mapped_column(sa.ForeignKey("credit_transactions.id"), index=True)
    wallet_id: Mapped[int] = mapped_column(sa.ForeignKey("credit_wallets.id"), index=True)
    delta_cents: Mapped[int] = mapped_column(sa.BigInteger)
    balance_after_cents: Mapped[int] = mapped_column(sa.BigInteger)
