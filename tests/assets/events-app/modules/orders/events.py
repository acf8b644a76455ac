from dataclasses import dataclass


@dataclass(frozen=True)
class OrderPlaced:
    tenant: str
    order_id: int
