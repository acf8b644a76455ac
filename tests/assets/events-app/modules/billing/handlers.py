from modstack.events import handles

from ..orders.events import OrderPlaced


@handles(OrderPlaced)
def invoice(event: OrderPlaced) -> None:
    raise LookupError(f"no price list for order {event.order_id}")
