from modstack import ModuleDefinition

beta = ModuleDefinition("beta", requires=["gamma"])
