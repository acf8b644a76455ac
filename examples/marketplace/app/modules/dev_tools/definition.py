"""Developer Tools: component library and icon browser."""

from modstack import ModuleDefinition

dev_tools_module = ModuleDefinition(
    code="dev-tools",
    name="Developer Tools",
    description="Component library and icon browser.",
    version="0.3.0",
    tier="internal",
    requires=["core"],
    features=["component_library"],
    menu_items={"admin": ["components", "icons"]},
    permissions={"admin": ["dev_tools.view"]},
)
