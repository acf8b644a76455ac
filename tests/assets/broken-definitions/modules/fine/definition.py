from modstack import ModuleDefinition

fine = ModuleDefinition("fine", requires=["missing-one"])
