"""Marketplace: product import from a marketplace feed file."""

from modstack import ModuleDefinition

marketplace_module = ModuleDefinition(
    code="marketplace",
    name="Marketplace",
    description="Product import from a marketplace feed file.",
    version="1.0.0",
    tier="optional",
    requires=["inventory"],
    optional_requires=["catalog"],
    features=["feed_import"],
    menu_items={"admin": ["marketplace"], "vendor": ["marketplace-import"]},
    permissions={"vendor": ["marketplace.import"]},
)
