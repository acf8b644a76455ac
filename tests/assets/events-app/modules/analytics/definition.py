from modstack import ModuleDefinition

analytics = ModuleDefinition("analytics", requires=["orders"])
