from modstack import ModuleDefinition

one = ModuleDefinition("twins")
other = ModuleDefinition("twins-b")
