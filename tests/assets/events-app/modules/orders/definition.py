from modstack import ModuleDefinition

orders = ModuleDefinition("orders")
