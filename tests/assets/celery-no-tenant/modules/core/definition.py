from modstack import ModuleDefinition

core = ModuleDefinition("core", tier="core")
