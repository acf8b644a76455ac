"""The analytics module's services."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..models import Sale
from ..schemas import Day, Figures


class SalesFigures(BaseService):
    """Orders, items and revenue per day."""

    service_name = "sales_figures"

    def record(
        self,
        session: Session,
        tenant: str,
        *,
        order_number: str,
        day: date,
        items: int,
        revenue_cents: int,
    ) -> None:
        """Count an order — once."""
        if session.get(Sale, order_number) is None:
            session.add(
                Sale(
                    order_number=order_number,
                    tenant=tenant,
                    day=day,
                    items=items,
                    revenue_cents=revenue_cents,
                )
            )
            session.flush()

    def figures(self, session: Session, tenant: str) -> Figures:
        query = (
            sa.select(
                Sale.day, sa.func.count(), sa.func.sum(Sale.items), sa.func.sum(Sale.revenue_cents)
            )
            .where(Sale.tenant == tenant)
            .group_by(Sale.day)
            .order_by(Sale.day.desc())
        )
        days = [
            Day(day=d, orders=o, items=i, revenue_cents=r) for d, o, i, r in session.execute(query)
        ]
        orders = sum(d.orders for d in days)
        revenue = sum(d.revenue_cents for d in days)
        return Figures(
            orders=orders,
            items=sum(d.items for d in days),
            revenue_cents=revenue,
            average_order_cents=revenue // orders if orders else 0,
            days=days,
        )
