"""What the checkout reads."""

from pydantic import BaseModel, Field

from app.types import Email


class CheckoutIn(BaseModel):
    email: Email
    name: str = Field(min_length=1, max_length=120)
