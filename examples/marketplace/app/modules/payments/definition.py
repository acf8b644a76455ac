"""Payments: payment gateway integrations behind a resilient service."""

from modstack import ModuleDefinition

payments_module = ModuleDefinition(
    code="payments",
    name="Payments",
    description="Payment gateway integrations behind a resilient service.",
    version="1.3.0",
    tier="optional",
    features=["card_payments", "refunds"],
    menu_items={"admin": ["payment-gateways"], "vendor": ["payments"]},
    permissions={"admin": ["payments.configure"], "vendor": ["payments.view", "payments.refund"]},
)
