from modstack import ModuleDefinition

gamma = ModuleDefinition("gamma", requires=["alpha"])
