from modstack import ModuleDefinition

payments = ModuleDefinition("payments")
