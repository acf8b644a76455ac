"""The wallets table: one balance per user and currency, never below zero."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from credit.db import Base


class Wallet(Base):
    __tablename__ = "credit_wallets"
    __table_args__ = (
        sa.CheckConstraint("balance_cents >= 0", name="balance_not_negative"),
        sa.UniqueConstraint("user_id", "currency", name="uq_credit_wallets_user_currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("credit_users.id"))
    currency: Mapped[str] = mapped_column(sa.String(3))
    balance_cents: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
