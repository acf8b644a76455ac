"""Orders: order management and fulfilment."""

from modstack import ModuleDefinition

orders_module = ModuleDefinition(
    code="orders",
    name="Orders",
    description="Order management and fulfilment.",
    version="1.4.0",
    tier="optional",
    requires=["payments>=1.0"],
    optional_requires=["inventory"],
    features=["order_management", "fulfilment"],
    menu_items={"admin": ["orders"], "vendor": ["orders"]},
    permissions={"vendor": ["orders.view", "orders.fulfil"]},
)
