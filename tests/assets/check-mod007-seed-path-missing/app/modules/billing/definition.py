from modstack import ModuleDefinition

billing_module = ModuleDefinition(
    code="billing",
    requires=["payments"],
    services_path="app.modules.billing.services",
    models_path="app.modules.billing.models",
)
