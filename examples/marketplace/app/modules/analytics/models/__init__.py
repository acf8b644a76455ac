"""One row per order, kept for the figures (so analytics never queries the orders
module's tables)."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Sale(Base):
    __tablename__ = "analytics_sales"

    order_number: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), index=True)
    day: Mapped[date] = mapped_column(sa.Date)
    items: Mapped[int] = mapped_column(sa.Integer)
    revenue_cents: Mapped[int] = mapped_column(sa.Integer)
