"""Inventory: stock per location; orders reserve stock."""

from modstack import ModuleDefinition

inventory_module = ModuleDefinition(
    code="inventory",
    name="Inventory",
    description="Stock per location; orders reserve stock.",
    version="1.0.0",
    tier="optional",
    features=["stock_levels", "locations"],
    menu_items={"vendor": ["inventory"]},
    permissions={"vendor": ["inventory.view", "inventory.adjust"]},
)
