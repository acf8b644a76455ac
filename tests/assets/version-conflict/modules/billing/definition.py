from modstack import ModuleDefinition

billing = ModuleDefinition("billing", requires=["payments>=2.0"])
