"""Messaging: notifications driven by events from orders and payments."""

from modstack import ModuleDefinition

messaging_module = ModuleDefinition(
    code="messaging",
    name="Messaging",
    description="Notifications driven by events from orders and payments.",
    version="1.0.0",
    tier="optional",
    optional_requires=["orders", "payments"],
    features=["notifications", "messages"],
    menu_items={"admin": ["messages"], "vendor": ["messages"]},
    permissions={"vendor": ["messaging.send"]},
)
