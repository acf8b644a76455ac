"""Every captured payment gets its invoice."""

from app import db
from modstack.events import handles

from ..payments.events import PaymentCaptured
from .services import Billing


@handles(PaymentCaptured)
def invoice_payment(event: PaymentCaptured) -> None:
    with db.write() as session:
        Billing().invoice(
            session,
            event.tenant,
            kind="order",
            source=event.reference,
            recipient=event.customer_email,
            description=f"Order {event.order_number}",
            amount_cents=event.amount_cents,
            currency=event.currency,
        )
