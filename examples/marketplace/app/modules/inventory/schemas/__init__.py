"""What the inventory module reads and answers."""

from pydantic import BaseModel, ConfigDict, Field

from app.types import UnitsDelta


class StockOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sku: str
    location: str
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Adjustment(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    location: str = Field(default="main", min_length=1, max_length=64)
    delta: UnitsDelta


class ReservationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    reference: str
    sku: str
    location: str
    quantity: int
