"""Core: dashboard, settings and profile: what every platform needs."""

from modstack import ModuleDefinition

core_module = ModuleDefinition(
    code="core",
    name="Core",
    description="Dashboard, settings and profile: what every platform needs.",
    version="1.0.0",
    tier="core",
    features=["dashboard", "settings"],
    menu_items={"admin": ["dashboard", "settings"], "vendor": ["dashboard", "profile"]},
    permissions={"admin": ["core.view", "core.configure"], "vendor": ["core.view"]},
)
