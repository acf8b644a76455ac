from modstack import ModuleDefinition

ops = ModuleDefinition("ops", tier="internal", requires=["core"])
