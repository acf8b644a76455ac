from modstack import ModuleDefinition

wrong_types = ModuleDefinition("wrong_types", version=1, requires="core")
