"""Monitoring: health, logs, background tasks and metrics pages."""

from modstack import ModuleDefinition

monitoring_module = ModuleDefinition(
    code="monitoring",
    name="Monitoring",
    description="Health, logs, background tasks and metrics pages.",
    version="1.0.0",
    tier="internal",
    requires=["core"],
    optional_requires=["analytics"],
    features=["health_pages", "metrics"],
    menu_items={"admin": ["monitoring", "logs"]},
    permissions={"admin": ["monitoring.view"]},
)
