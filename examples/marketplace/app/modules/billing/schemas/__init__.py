"""What the billing module answers."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    monthly_cents: int
    currency: str


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    tenant: str
    plan_code: str
    status: str
    started_at: datetime


class InvoiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str
    kind: str
    source: str
    recipient: str
    description: str
    amount_cents: int
    currency: str
    issued_at: datetime
