"""What the payments module reads and answers."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Charge(BaseModel):
    gateway_id: str
    reference: str
    amount_cents: int
    currency: str


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    reference: str
    order_number: str
    gateway_id: str
    amount_cents: int
    currency: str
    status: str
    created_at: datetime


class GatewayBehaviour(BaseModel):
    mode: Literal["ok", "fail", "slow"]
    slow_seconds: float = Field(default=5.0, gt=0, le=600)


class GatewayStatus(GatewayBehaviour):
    calls: int
    charges: int
    breaker: str
