"""Customers: customer database, profiles and segmentation."""

from modstack import ModuleDefinition

customers_module = ModuleDefinition(
    code="customers",
    name="Customers",
    description="Customer database, profiles and segmentation.",
    version="1.0.0",
    tier="core",
    requires=["tenancy"],
    optional_requires=["orders"],  # its handlers subscribe to orders.events.OrderPlaced
    features=["customer_profiles", "segments"],
    menu_items={"admin": ["customers"], "vendor": ["customers"]},
    permissions={"vendor": ["customers.view", "customers.edit"]},
)
