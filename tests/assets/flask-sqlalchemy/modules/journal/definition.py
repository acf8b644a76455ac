from modstack import ModuleDefinition

journal = ModuleDefinition("journal")
