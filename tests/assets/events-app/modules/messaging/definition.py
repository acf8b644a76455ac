from modstack import ModuleDefinition

messaging = ModuleDefinition("messaging", requires=["orders"])
