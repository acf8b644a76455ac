"""Billing: platform subscriptions, plans and vendor invoices."""

from modstack import ModuleDefinition

billing_module = ModuleDefinition(
    code="billing",
    name="Billing",
    description="Platform subscriptions, plans and vendor invoices.",
    version="1.2.0",
    tier="optional",
    requires=["payments>=1.2,<2"],
    features=["invoices", "subscriptions"],
    menu_items={"admin": ["billing", "plans"], "vendor": ["invoices"]},
    permissions={"admin": ["billing.manage"], "vendor": ["billing.view"]},
)
