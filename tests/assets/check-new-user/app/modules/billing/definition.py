from modstack import ModuleDefinition

billing_module = ModuleDefinition(
    code="billing",
    requires=["payments"],
    services_path="app.modules.billing.logic",
)
