from modstack import ModuleDefinition

alpha = ModuleDefinition("alpha", requires=["beta"])
