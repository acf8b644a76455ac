"""Every checkout attempt and how it ended: the record support looks at when a
customer says "it didn't work"; and the claims on carts being checked out."""

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


class CheckoutClaim(Base):
    """A cart being checked out: one row per cart, so one checkout at a time. It holds the
    payment reference of the checkout that claimed it, so when the claim outlives
    ``expires_at`` (its process died), the next attempt can refund that payment before
    taking the cart over."""

    __tablename__ = "checkout_claims"

    cart_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64))
    reference: Mapped[str] = mapped_column(sa.String(64))
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
