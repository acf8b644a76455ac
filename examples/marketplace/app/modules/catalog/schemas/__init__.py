"""What the catalog module reads and answers."""

from pydantic import BaseModel, ConfigDict, Field

from app.types import Cents


class ProductIn(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    price_cents: Cents
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    vendor: str = Field(default="main", max_length=64)
    active: bool = True


class ProductChange(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    price_cents: Cents | None = None
    active: bool | None = None


class ProductOut(ProductIn):
    model_config = ConfigDict(from_attributes=True)

    id: int
    available: int | None = None
    """Units in stock, when the platform runs the inventory module."""
