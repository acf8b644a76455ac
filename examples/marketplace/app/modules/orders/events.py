"""What the orders module announces (through the outbox, so never lost)."""

from datetime import datetime

from pydantic import BaseModel


class OrderedLine(BaseModel):
    sku: str
    name: str
    quantity: int
    unit_price_cents: int


class OrderPlaced(BaseModel):
    """An order was placed and paid; its stock is reserved."""

    tenant: str
    order_number: str
    customer_email: str
    customer_name: str
    total_cents: int
    currency: str
    lines: list[OrderedLine]
    placed_at: datetime
