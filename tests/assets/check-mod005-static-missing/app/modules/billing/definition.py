from modstack import ModuleDefinition

billing_module = ModuleDefinition(
    code="billing",
    description="Invoices.",
    requires=["payments"],
)
