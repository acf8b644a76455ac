import asyncio

from modstack.events import handles

from .._journal import events
from ..orders.events import OrderPlaced


@handles(OrderPlaced)
async def count_order(event: OrderPlaced) -> None:
    await asyncio.sleep(0)
    events.append(("analytics", event.tenant, event.order_id))
