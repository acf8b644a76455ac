from modstack import ModuleDefinition

catalog = ModuleDefinition("catalog")
