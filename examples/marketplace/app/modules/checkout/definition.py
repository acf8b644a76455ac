"""Checkout: cart to order to payment."""

from modstack import ModuleDefinition

checkout_module = ModuleDefinition(
    code="checkout",
    name="Checkout",
    description="Cart to order to payment.",
    version="1.0.0",
    tier="optional",
    requires=["cart", "orders>=1.2", "payments"],
    features=["checkout_flow"],
    permissions={"storefront": ["checkout.use"]},
)
