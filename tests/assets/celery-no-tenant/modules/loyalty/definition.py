from modstack import ModuleDefinition

loyalty = ModuleDefinition("loyalty", requires=["core"])
