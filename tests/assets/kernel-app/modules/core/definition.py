from modstack import ModuleDefinition

core = ModuleDefinition(
    "core",
    tier="core",
    on_startup=".hooks:start",
    on_shutdown=".hooks:stop",
    health_check=".hooks:health",
)
