"""Analytics & Reporting: figures computed from orders."""

from modstack import ModuleDefinition

analytics_module = ModuleDefinition(
    code="analytics",
    name="Analytics & Reporting",
    description="Figures computed from orders.",
    version="1.0.0",
    tier="optional",
    optional_requires=["orders"],
    features=["basic_reports", "analytics_dashboard"],
    menu_items={"vendor": ["analytics"]},
    permissions={"vendor": ["analytics.view"]},
)
