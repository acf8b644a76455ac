"""Notifications driven by what orders and payments announce."""

from app import db
from app.db import money
from modstack.events import handles

from ..orders.events import OrderPlaced
from ..payments.events import PaymentCaptured
from .services import Notifications


@handles(OrderPlaced)
def confirm_order(event: OrderPlaced) -> None:
    items = "\n".join(f"{line.quantity} x {line.name}" for line in event.lines)
    with db.write() as session:
        Notifications().notify(
            session,
            event.tenant,
            key=f"order-placed:{event.order_number}",
            recipient=event.customer_email,
            subject=f"Your order {event.order_number}",
            body=f"Hello {event.customer_name},\n\nthank you for your order:\n{items}\n\n"
            f"Total: {money(event.total_cents, event.currency)}",
        )


@handles(PaymentCaptured)
def receipt(event: PaymentCaptured) -> None:
    with db.write() as session:
        Notifications().notify(
            session,
            event.tenant,
            key=f"payment-captured:{event.reference}",
            recipient=event.customer_email,
            subject=f"Payment received for order {event.order_number}",
            body=f"We received {money(event.amount_cents, event.currency)}.",
        )
