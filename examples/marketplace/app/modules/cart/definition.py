"""Cart: session-based shopping carts."""

from modstack import ModuleDefinition

cart_module = ModuleDefinition(
    code="cart",
    name="Cart",
    description="Session-based shopping carts.",
    version="1.0.0",
    tier="optional",
    optional_requires=["catalog"],
    features=["session_cart"],
    permissions={"storefront": ["cart.use"]},
)
