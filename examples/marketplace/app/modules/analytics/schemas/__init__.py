"""What the analytics module answers."""

from datetime import date

from pydantic import BaseModel


class Day(BaseModel):
    day: date
    orders: int
    items: int
    revenue_cents: int


class Figures(BaseModel):
    orders: int
    items: int
    revenue_cents: int
    average_order_cents: int
    days: list[Day]
