"""Figures follow the orders as they are placed."""

from app import db
from modstack.events import handles

from ..orders.events import OrderPlaced
from .services import SalesFigures


@handles(OrderPlaced)
def count_sale(event: OrderPlaced) -> None:
    with db.write() as session:
        SalesFigures().record(
            session,
            event.tenant,
            order_number=event.order_number,
            day=event.placed_at.date(),
            items=sum(line.quantity for line in event.lines),
            revenue_cents=event.total_cents,
        )
