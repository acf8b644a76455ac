"""Domain events between modules: typed, tenant-aware, failures isolated.

bus = EventBus(registry, enabled_for=tenancy.enabled_modules)
bus.subscribe(OrderPlaced, send_confirmation, module="messaging")
bus.publish(OrderPlaced(tenant="acme", order_id=7))
"""

from modstack.events.bus import Delivery, EnabledFor, EventBus, Subscription
from modstack.events.declare import declared_handlers, event_key, handles
from modstack.events.envelope import OutboxDelivery, current_delivery
from modstack.events.kernel_bridge import connect_events
from modstack.events.outbox import Outbox, OutboxEntry, OutboxReport, record_event

__all__ = [
    "Delivery",
    "EnabledFor",
    "EventBus",
    "Outbox",
    "OutboxDelivery",
    "OutboxEntry",
    "OutboxReport",
    "Subscription",
    "connect_events",
    "current_delivery",
    "declared_handlers",
    "event_key",
    "handles",
    "record_event",
]
