from modstack import ModuleDefinition

core_module = ModuleDefinition("core", tier="core", version="2.0.0")
