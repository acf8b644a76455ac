"""Every checkout attempt and how it ended: the record support looks at when a
customer says "it didn't work"."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class CheckoutAttempt(Base):
    __tablename__ = "checkout_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), index=True)
    cart_id: Mapped[str | None] = mapped_column(sa.String(36))
    customer_email: Mapped[str] = mapped_column(sa.String(200))
    outcome: Mapped[str] = mapped_column(sa.String(32))
    order_number: Mapped[str | None] = mapped_column(sa.String(32))
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
