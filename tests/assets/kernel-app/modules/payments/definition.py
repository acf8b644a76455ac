from modstack import ModuleDefinition

payments = ModuleDefinition(
    "payments",
    version="1.3.0",
    on_startup=".hooks:start",
    on_shutdown=".hooks:stop",
    on_enable=".hooks:enabled",
    on_disable=".hooks:disabled",
    health_check=".hooks:slow_health",
)
