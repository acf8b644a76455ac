from modstack import ModuleDefinition

delta = ModuleDefinition("delta", requires=["alpha"])
