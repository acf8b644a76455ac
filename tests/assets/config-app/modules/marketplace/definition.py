from modstack import ModuleDefinition

marketplace = ModuleDefinition("marketplace")
