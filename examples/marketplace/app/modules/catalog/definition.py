"""Catalog: customer-facing product browsing."""

from modstack import ModuleDefinition

catalog_module = ModuleDefinition(
    code="catalog",
    name="Catalog",
    description="Customer-facing product browsing.",
    version="1.1.0",
    tier="optional",
    optional_requires=["inventory"],
    features=["product_browsing", "search"],
    menu_items={"vendor": ["products"]},
    permissions={"vendor": ["catalog.edit"], "storefront": ["catalog.view"]},
)
