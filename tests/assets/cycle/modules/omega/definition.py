from modstack import ModuleDefinition

omega = ModuleDefinition("omega")
