"""What the customers module answers."""

from datetime import datetime

from pydantic import BaseModel


class CustomerOut(BaseModel):
    email: str
    name: str
    first_seen: datetime
    orders: int
    spent_cents: int
    """Total over every order (in the platform's currency)."""
