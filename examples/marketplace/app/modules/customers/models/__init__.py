"""Customers, and the orders each has placed (what the profile's figures come from)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (sa.UniqueConstraint("tenant", "email", name="uq_customers_tenant_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64))
    email: Mapped[str] = mapped_column(sa.String(200))
    name: Mapped[str] = mapped_column(sa.String(120))
    first_seen: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class CustomerOrder(Base):
    __tablename__ = "customer_orders"

    order_number: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    total_cents: Mapped[int] = mapped_column(sa.Integer)
