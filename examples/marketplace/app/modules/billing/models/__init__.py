"""Plans, each platform's subscription, and invoices."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Plan(Base):
    __tablename__ = "billing_plans"

    code: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    monthly_cents: Mapped[int] = mapped_column(sa.Integer)
    currency: Mapped[str] = mapped_column(sa.String(3))


class Subscription(Base):
    __tablename__ = "billing_subscriptions"

    tenant: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    plan_code: Mapped[str] = mapped_column(sa.ForeignKey("billing_plans.code"))
    status: Mapped[str] = mapped_column(sa.String(16))
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), index=True)
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    source: Mapped[str] = mapped_column(sa.String(64), unique=True)
    """What the invoice bills: a payment reference, or ``subscription:<tenant>:<month>``."""
    recipient: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.String(200))
    amount_cents: Mapped[int] = mapped_column(sa.Integer)
    currency: Mapped[str] = mapped_column(sa.String(3))
    issued_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
