"""Customers are learnt from their orders."""

from app import db
from modstack.events import handles

from ..orders.events import OrderPlaced
from .services import CustomerDirectory


@handles(OrderPlaced)
def remember_customer(event: OrderPlaced) -> None:
    with db.write() as session:
        CustomerDirectory().record_order(
            session,
            event.tenant,
            email=event.customer_email,
            name=event.customer_name,
            order_number=event.order_number,
            total_cents=event.total_cents,
            at=event.placed_at,
        )
