from modstack import ModuleDefinition

shipping = ModuleDefinition("shipping")
