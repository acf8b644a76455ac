from modstack import ModuleDefinition

billing_module = ModuleDefinition(
    code="billing",
    requires=["payments"],
    is_self_contained=True,
    services_path="app.modules.billing.services",
)
