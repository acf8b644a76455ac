"""What the cart module reads and answers."""

from pydantic import BaseModel, ConfigDict, Field

from app.types import Id


class ItemIn(BaseModel):
    product_id: Id
    quantity: int = Field(default=1, gt=0, le=99)


class QuantityIn(BaseModel):
    quantity: int = Field(ge=0, le=99)


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    product_id: int
    sku: str
    name: str
    unit_price_cents: int
    currency: str
    quantity: int


class CartOut(BaseModel):
    id: str | None
    items: list[ItemOut]
    total_cents: int
    currency: str
