"""What the orders module reads and answers."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class LineIn(BaseModel):
    sku: str
    name: str
    quantity: int = Field(gt=0)
    unit_price_cents: int = Field(ge=0)


class LineOut(LineIn):
    model_config = ConfigDict(from_attributes=True)


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str
    status: str
    customer_email: str
    customer_name: str
    total_cents: int
    currency: str
    payment_reference: str
    created_at: datetime
    lines: list[LineOut]
