"""The customers module's services."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..models import Customer, CustomerOrder
from ..schemas import CustomerOut


class CustomerDirectory(BaseService):
    """Customers as their orders made them known."""

    service_name = "customers"

    def record_order(
        self,
        session: Session,
        tenant: str,
        *,
        email: str,
        name: str,
        order_number: str,
        total_cents: int,
        at: datetime,
    ) -> None:
        """Count an order for its customer (created on the first one) — once per order."""
        if session.get(CustomerOrder, order_number) is not None:
            return
        customer = session.scalar(
            sa.select(Customer).where(Customer.tenant == tenant, Customer.email == email)
        )
        if customer is None:
            customer = Customer(tenant=tenant, email=email, name=name, first_seen=at)
            session.add(customer)
            session.flush()
        customer.name = name
        session.add(
            CustomerOrder(
                order_number=order_number, customer_id=customer.id, total_cents=total_cents
            )
        )
        session.flush()

    def list(self, session: Session, tenant: str) -> list[CustomerOut]:
        """Customers with their order count and spend, best first."""
        orders = sa.func.count(CustomerOrder.order_number)
        spent = sa.func.coalesce(sa.func.sum(CustomerOrder.total_cents), 0)
        query = (
            sa.select(Customer, orders, spent)
            .outerjoin(CustomerOrder, CustomerOrder.customer_id == Customer.id)
            .where(Customer.tenant == tenant)
            .group_by(Customer.id)
            .order_by(spent.desc(), Customer.email)
        )
        return [
            CustomerOut(
                email=c.email, name=c.name, first_seen=c.first_seen, orders=n, spent_cents=s
            )
            for c, n, s in session.execute(query)
        ]
