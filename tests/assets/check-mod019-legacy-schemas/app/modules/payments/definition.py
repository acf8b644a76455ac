from modstack import ModuleDefinition

payments_module = ModuleDefinition(code="payments", description="Takes money.")
