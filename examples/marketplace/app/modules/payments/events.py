"""What the payments module announces."""

from pydantic import BaseModel


class PaymentCaptured(BaseModel):
    """The gateway took the money for an order."""

    tenant: str
    reference: str
    order_number: str
    amount_cents: int
    currency: str
    customer_email: str
