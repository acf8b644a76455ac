from modstack import ModuleDefinition

payments = ModuleDefinition("payments", version="1.3.0")
