from modstack.events import handles

from .._journal import events
from ..orders.events import OrderPlaced


@handles(OrderPlaced)
def send_confirmation(event: OrderPlaced) -> None:
    events.append(("messaging", event.tenant, event.order_id))
