from modstack import ModuleDefinition

shut = ModuleDefinition("shut")
